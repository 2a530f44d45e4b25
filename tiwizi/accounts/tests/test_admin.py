"""The admin is for platform administrators, and manages users by email with their grants."""

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Grant, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(client_for, platform_admin):
    platform_admin.is_superuser = True
    platform_admin.language = "en"
    platform_admin.save()
    return client_for(platform_admin)


def test_admin_has_a_translated_tiwizi_header(admin_client_en):
    html = admin_client_en.get(reverse("admin:index")).content.decode()
    assert "Tiwizi administration" in html


def test_non_staff_users_are_sent_to_the_admin_login(client_for, program_manager):
    response = client_for(program_manager).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_user_list_searches_and_filters(admin_client_en, make_user):
    make_user(email="fatima@example.org", full_name="Fatima Zahra")
    make_user(email="omar@example.org")
    url = reverse("admin:accounts_user_changelist")
    response = admin_client_en.get(url, {"q": "zahra"})
    assert response.status_code == 200
    emails = [u.email for u in response.context["cl"].result_list]
    assert emails == ["fatima@example.org"]
    by_role = admin_client_en.get(url, {"grants__role": Role.PROGRAM_MANAGER})
    assert by_role.status_code == 200


def test_admin_adds_a_user_by_email_and_password(admin_client_en):
    response = admin_client_en.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "language": "ar",
            "usable_password": "true",
            "password1": "Tisdas-n-tmazirt-2025",
            "password2": "Tisdas-n-tmazirt-2025",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("Tisdas-n-tmazirt-2025")
    assert user.language == "ar"


def test_admin_refuses_a_duplicate_email_in_another_case(admin_client_en, make_user):
    make_user(email="fatima@example.org")
    response = admin_client_en.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "FATIMA@example.org",
            "usable_password": "true",
            "password1": "Tisdas-n-tmazirt-2025",
            "password2": "Tisdas-n-tmazirt-2025",
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_user_change_page_edits_grants_inline(admin_client_en, make_user, ngo):
    user = make_user(Role.TRAINER, ngo)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = admin_client_en.get(url)
    assert response.status_code == 200
    formsets = response.context["inline_admin_formsets"]
    assert [f.opts.model for f in formsets] == [Grant]


def test_grant_admin_lists_and_searches(admin_client_en, program_manager):
    url = reverse("admin:accounts_grant_changelist")
    response = admin_client_en.get(url, {"q": program_manager.email})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(program_manager.grants.all())
    assert admin_client_en.get(reverse("admin:accounts_grant_add")).status_code == 200
