"""Home page panels: what needs attention, a cooperative's card, funders' figures."""

from django.urls import reverse
from django.utils import timezone

from tiwizi.registry import panels, services
from tiwizi.registry.models import Organization

HOME = reverse("core:home")


def test_program_manager_sees_what_needs_attention(
    client_for, program_manager, cooperative, member, make_organization, ngo
):
    empty = make_organization(name_fr="Coopérative Sans Membres", stewards=[ngo])
    dormant = make_organization(name_fr="Coopérative Endormie", status="dormant", stewards=[ngo])
    make_organization(name_fr="Coopérative Étrangère")  # not supported: not counted
    panel = panels.attention_panel(program_manager)
    assert panel.context["counts"] == {
        "total": 3, "without_members": 2, "without_commune": 2, "dormant": 1,
    }  # fmt: skip
    flagged = {row["organization"] for row in panel.context["rows"]}
    assert flagged == {empty, dormant}
    html = client_for(program_manager).get(HOME).content.decode()
    assert "What needs attention" in html
    assert "Coopérative Sans Membres" in html
    assert "Coopérative Étrangère" not in html


def test_recent_changes_are_listed_for_supported_organizations(program_manager, cooperative):
    services.update_organization(program_manager, cooperative, {"status": "dormant"})
    changes = panels.attention_panel(program_manager).context["changes"]
    assert [c["organization"] for c in changes] == [cooperative]


def test_cooperative_manager_sees_their_card_with_member_counts(
    client_for, program_manager, cooperative_manager, cooperative, membership
):
    this_year = timezone.localdate().year
    services.create_person_with_membership(
        program_manager, {"first_name_latin": "Said", "last_name_latin": "Amrani", "sex": "male",
                          "birth_year": this_year - 60}, cooperative,
    )  # fmt: skip
    young = services.create_person_with_membership(
        program_manager, {"first_name_latin": "Nora", "last_name_latin": "Ait", "sex": "female",
                          "birth_year": this_year - 20}, cooperative,
    )  # fmt: skip
    services.end_membership(program_manager, young, timezone.localdate())
    (card,) = panels.cooperative_panel(cooperative_manager).context["organizations"]
    assert (card.members_total, card.members_women, card.members_men) == (2, 1, 1)
    assert card.members_youth == (1 if this_year - 1992 < 35 else 0)
    html = client_for(cooperative_manager).get(HOME).content.decode()
    assert cooperative.name_fr in html
    assert reverse("registry:member_add", args=[cooperative.pk]) in html


def test_funder_panel_shows_numbers_and_never_a_name(client_for, funder, cooperative, member):
    panel = panels.funder_panel(funder)
    assert panel.context["members"] == {"women": 1, "men": 0}
    kinds = {str(row["label"]): row["count"] for row in panel.context["by_kind"]}
    assert kinds["Cooperative"] >= 1
    html = client_for(funder).get(HOME).content.decode()
    assert "The registry in figures" in html
    for private in ("Fatima", "فاطمة", "Lahcen", "JB"):
        assert private not in html


def test_panels_are_only_for_their_roles(program_manager, cooperative_manager, funder, buyer):
    assert panels.attention_panel(cooperative_manager) is None
    assert panels.attention_panel(funder) is None
    assert panels.cooperative_panel(program_manager) is None
    assert panels.funder_panel(program_manager) is None
    assert panels.funder_panel(buyer) is None


def test_admin_attention_covers_every_organization(platform_admin, make_organization):
    make_organization(name_fr="Coopérative Quelconque")
    assert panels.attention_panel(platform_admin).context["counts"]["total"] == (
        Organization.objects.active().filter(kind__in=panels.FOLLOWED_KINDS).count()
    )
