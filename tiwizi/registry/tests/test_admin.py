"""The registry in the admin site, for platform administrators."""

import pytest
from django.urls import reverse

from tiwizi.registry.models import Membership, Organization, Person, Sector


@pytest.mark.parametrize("model", [Sector, Organization, Person, Membership])
def test_admin_pages_open(model, client_for, make_user, member):
    admin = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "coop"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


def test_admin_shows_the_national_id_to_administrators(client_for, make_user, member):
    admin = make_user(is_staff=True, is_superuser=True)
    html = client_for(admin).get(reverse("admin:registry_person_changelist")).content.decode()
    assert "JB123456" in html
