import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.demo import data
from tiwizi.demo.models import DemoRecord
from tiwizi.registry.models import Membership, Organization, Person

PROVINCES = {"08.401", "08.587", "08.577", "07.351"}


def load(**options):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Person, Membership, User, Grant, DemoRecord)
    }


def last_change():
    return {
        model.__name__: model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Organization, Person, Membership)
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    return load()


def test_loading_twice_changes_nothing(demo):
    before, changed_before = counts(), last_change()

    output = load()

    assert counts() == before
    assert last_change() == changed_before
    assert "already up to date" in output


def test_reloading_repairs_edited_demo_records_without_duplicating_them(demo):
    cooperative = Organization.objects.get(odco_number=data.COOPERATIVES[0].odco_number)
    cooperative.name_fr = "Nom modifié pendant la démo"
    cooperative.odco_number = "ODCO-EDITED"
    cooperative.save()
    user = User.objects.get(email="manager@tiwizi.ma")
    user.set_password("another password entirely")
    user.save()
    before = counts()

    load()

    cooperative.refresh_from_db()
    assert cooperative.name_fr == data.COOPERATIVES[0].name_fr
    assert cooperative.odco_number == data.COOPERATIVES[0].odco_number
    assert counts() == before
    user.refresh_from_db()
    assert user.check_password(data.PASSWORD)


def test_cooperatives_and_gies_are_spread_over_the_four_provinces(demo):
    cooperatives = Organization.objects.filter(kind=Organization.Kind.COOPERATIVE)
    gies = Organization.objects.filter(kind=Organization.Kind.GIE)
    assert cooperatives.count() >= 22
    assert gies.count() >= 3
    assert set(cooperatives.values_list("province__code", flat=True)) == PROVINCES
    for organization in (*cooperatives, *gies):
        assert organization.commune.province_id == organization.province_id
        assert organization.sectors.exists()
        assert 6 <= organization.memberships.count() <= 15, organization
    ngo = Organization.objects.get(kind=Organization.Kind.NGO)
    assert set(ngo.stewarded.all()) == {*cooperatives, *gies}
    assert cooperatives.filter(status=Organization.Status.DORMANT).count() >= 2
    assert cooperatives.exclude(name_ar="").exclude(name_fr="").count() >= 20
    assert cooperatives.filter(name_fr="").exists()
    assert cooperatives.filter(name_ar="").exists()


def test_members_are_about_a_third_women_with_young_people_among_them(demo):
    people = Person.objects.all()
    women_share = people.filter(sex=Person.Sex.FEMALE).count() / people.count()
    assert 0.25 <= women_share <= 0.45
    assert sum(person.is_youth for person in people) >= 30
    assert people.exclude(first_name_latin="").exclude(first_name_ar="").count() > 200
    assert people.exclude(national_id="").exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {"president", "treasurer", "secretary", "member"} <= roles


def test_every_demo_record_passes_model_validation(demo):
    for record in (*Organization.objects.all(), *Person.objects.all(), *Membership.objects.all()):
        record.full_clean()


def test_each_role_has_a_login_with_the_printed_password(demo):
    for role in Role.values:
        grant = Grant.objects.select_related("user").get(role=role)
        assert grant.user.check_password(data.PASSWORD)
        assert grant.user.email in demo
    assert data.PASSWORD in demo
    admin = User.objects.get(email="admin@tiwizi.ma")
    assert admin.is_staff and admin.is_superuser
    manager = User.objects.get(email="cooperative@tiwizi.ma")
    assert manager.grants.get().organization.odco_number == data.COOPERATIVES[0].odco_number


def test_the_dataset_is_the_same_on_every_run():
    assert data.build_dataset() == data.build_dataset()


def test_it_refuses_to_publish_a_password_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        load()
    assert not User.objects.exists()
