"""Organization, person and membership forms: validation in words, and nothing saved on
bad input."""

import pytest
from django.urls import reverse

from tiwizi.core.models import AuditEntry
from tiwizi.geo.models import Commune
from tiwizi.registry.forms import MembershipForm, OrganizationForm, PersonForm
from tiwizi.registry.models import Membership, Organization, Person

CREATE = reverse("registry:organization_create")


def _organization_data(**overrides):
    data = {"kind": "cooperative", "status": "active", "name_fr": "Coopérative Test Forme"}
    data.update(overrides)
    return data


def test_duplicate_odco_number_is_a_field_error(client_for, program_manager, cooperative):
    count = Organization.objects.count()
    response = client_for(program_manager).post(
        CREATE, _organization_data(odco_number=cooperative.odco_number)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["odco_number"] == [
        "Another organization already has this ODCO registration number."
    ]
    assert "__all__" not in form.errors
    assert Organization.objects.count() == count
    assert 'class="form-control is-invalid"' in response.content.decode()


def test_duplicate_ice_is_a_field_error(db, make_organization):
    make_organization(Organization.Kind.COMPANY, name_fr="Société", ice="001234567000089")
    form = OrganizationForm(_organization_data(kind="company", ice="001 234 567 000 089"))
    assert not form.is_valid()
    assert form.errors["ice"] == ["Another organization already has this ICE."]


def test_duplicate_rc_number_at_the_same_court_is_a_field_error(db, make_organization):
    make_organization(Organization.Kind.GIE, name_fr="GIE 1", rc_number="1234", court="Agadir")
    same_court = OrganizationForm(_organization_data(kind="gie", rc_number="1234", court="Agadir"))
    assert not same_court.is_valid()
    assert list(same_court.errors) == ["rc_number"]
    other_court = OrganizationForm(_organization_data(kind="gie", rc_number="1234", court="Tiznit"))
    assert other_court.is_valid(), other_court.errors


def test_commune_outside_province_is_rejected(
    client_for, program_manager, province, commune_elsewhere
):
    count = Organization.objects.count()
    response = client_for(program_manager).post(
        CREATE, _organization_data(province=province.pk, commune=commune_elsewhere.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [
        "This commune is not in the chosen province."
    ]
    assert Organization.objects.count() == count


def test_commune_alone_sets_its_province(db, commune):
    form = OrganizationForm(_organization_data(commune=commune.pk))
    assert form.is_valid(), form.errors
    assert form.save().province_id == commune.province_id


def test_commune_options_follow_the_province(db, province, commune):
    form = OrganizationForm(_organization_data(province=province.pk))
    offered = {value for value, _label in form.fields["commune"].widget.choices if value}
    assert offered == set(province.communes.values_list("pk", flat=True))
    assert OrganizationForm().fields["commune"].widget.choices == [("", "— choose a commune —")]
    attrs = form.fields["province"].widget.attrs
    assert str(attrs["hx-get"]) == reverse("geo:commune_options")
    assert attrs["hx-target"] == "#id_commune"


def test_without_javascript_the_form_is_redrawn_with_the_provinces_communes(
    client_for, program_manager, province, commune
):
    count = Organization.objects.count()
    response = client_for(program_manager).post(
        CREATE, {"kind": "cooperative", "province": province.pk, "refresh_communes": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{commune.pk}">' in html
    assert "is-invalid" not in html  # redrawn, not validated
    assert Organization.objects.count() == count


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0661 23 45 67", "+212661234567"), ("+212 528-12-34-56", "+212528123456"),
     ("00212661234567", "+212661234567")],
)  # fmt: skip
def test_phone_is_normalized(db, typed, stored):
    form = OrganizationForm(_organization_data(phone=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["+33 6 12 34 56 78", "12345", "téléphone"])
def test_a_phone_that_is_not_moroccan_is_refused(db, typed):
    form = OrganizationForm(_organization_data(phone=typed))
    assert not form.is_valid()
    assert "Enter a Moroccan phone number" in form.errors["phone"][0]


@pytest.mark.parametrize("ice", ["12345", "00123456700008A", "0012345670000890"])
def test_ice_must_have_fifteen_digits(db, ice):
    form = OrganizationForm(_organization_data(kind="company", ice=ice))
    assert not form.is_valid()
    assert form.errors["ice"] == ["The ICE must have exactly 15 digits."]


def test_details_of_another_kind_are_dropped(db):
    form = OrganizationForm(
        _organization_data(kind="ngo", odco_number="ODCO-9", ice="001234567000089",
                           capital_mad="1000", rc_number="77")
    )  # fmt: skip
    assert form.is_valid(), form.errors
    organization = form.save()
    assert (organization.odco_number, organization.ice, organization.rc_number) == ("", "", "")
    assert organization.capital_mad is None


def test_a_name_in_one_script_is_required(db):
    form = OrganizationForm({"kind": "cooperative", "status": "active"})
    assert not form.is_valid()
    assert form.errors["name_fr"] == ["Give a name in French or in Arabic (or both)."]


def test_fields_carry_bootstrap_classes_and_descriptions(db):
    form = OrganizationForm(_organization_data(phone="nope", kind="cooperative"))
    form.is_valid()
    html = str(form["phone"])
    assert "form-control" in html and "is-invalid" in html
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert 'aria-invalid="true"' in html
    assert "form-select" in str(form["kind"])
    assert "form-check-input" in str(form["sectors"])


def test_bad_organization_input_saves_nothing(client_for, program_manager):
    before = (Organization.objects.count(), AuditEntry.objects.count())
    response = client_for(program_manager).post(
        CREATE,
        {"kind": "spaceship", "name_fr": "X" * 500, "province": "abc", "commune": "99999999",
         "sectors": ["abc"], "capital_mad": "lots", "creation_date": "yesterday",
         "email": "not-an-email", "website": "javascript:alert(1)", "status": "?"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in ("kind", "name_fr", "province", "commune", "sectors", "capital_mad",
                  "creation_date", "email", "website", "status"):  # fmt: skip
        assert field in errors, field
    assert (Organization.objects.count(), AuditEntry.objects.count()) == before


def test_creation_date_cannot_be_in_the_future(db):
    form = OrganizationForm(_organization_data(creation_date="2999-01-01"))
    assert not form.is_valid()
    assert form.errors["creation_date"] == ["The creation date cannot be in the future."]


# People and memberships


PERSON = {"first_name_latin": "Hassan", "last_name_latin": "Idrissi", "sex": "male"}


def test_person_needs_a_full_name_in_one_script(db):
    form = PersonForm({"first_name_latin": "Hassan", "sex": "male"})
    assert not form.is_valid()
    assert "first_name_latin" in form.errors


def test_national_id_is_normalized_and_duplicates_are_a_field_error(db, member):
    form = PersonForm({**PERSON, "national_id": "jb 123456"})
    assert not form.is_valid()
    assert form.errors["national_id"] == [
        "Another person is already registered with this national ID."
    ]
    ok = PersonForm({**PERSON, "national_id": "k 12345"})
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["national_id"] == "K12345"


def test_a_malformed_national_id_is_refused(db):
    form = PersonForm({**PERSON, "national_id": "123-ABC"})
    assert not form.is_valid()
    assert "national_id" in form.errors


def test_edit_form_never_sends_the_national_id_back(db, member):
    form = PersonForm(instance=member)
    html = str(form["national_id"])
    assert "JB123456" not in html
    assert "JB••••56" in str(form["national_id"].help_text)


def test_empty_national_id_keeps_it_and_the_checkbox_removes_it(db, member):
    data = {"first_name_latin": "Fatima", "last_name_latin": "Aït Lahcen", "sex": "female"}
    kept = PersonForm(data, instance=member)
    assert kept.is_valid(), kept.errors
    assert kept.cleaned_data["national_id"] == "JB123456"
    removed = PersonForm({**data, "remove_national_id": "on"}, instance=Person.objects.get())
    assert removed.is_valid(), removed.errors
    assert removed.cleaned_data["national_id"] == ""


def test_birth_year_must_be_plausible(db):
    form = PersonForm({**PERSON, "birth_year": "1850"})
    assert not form.is_valid()
    assert "birth_year" in form.errors


def test_membership_cannot_end_before_it_starts(db):
    form = MembershipForm({"role": "member", "since": "2024-05-01", "until": "2024-04-30"})
    assert not form.is_valid()
    assert form.errors["until"] == ["The end date must be on or after the start date."]
    assert MembershipForm(
        {"role": "member", "since": "2024-05-01", "until": "2024-05-01"}
    ).is_valid()


def test_bad_member_input_saves_neither_person_nor_membership(
    client_for, program_manager, cooperative
):
    before = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    response = client_for(program_manager).post(
        reverse("registry:member_add", args=[cooperative.pk]),
        {**PERSON, "phone": "0033612345678", "role": "emperor", "since": "2024-13-45"},
    )
    assert response.status_code == 200
    assert "phone" in response.context["person_form"].errors
    assert {"role", "since"} <= set(response.context["membership_form"].errors)
    after = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_commune_choices_do_not_load_every_commune(db):
    # Rendering an empty form must not list Morocco's ~1,500 communes.
    html = str(OrganizationForm()["commune"])
    assert html.count("<option") == 1
    assert Commune.objects.count() > 1000
