"""Home page panels of the registry, one per kind of user (see core.dashboards).

Each panel runs a fixed number of queries, whatever the size of the registry.
"""

from types import SimpleNamespace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.core.i18n import localized
from tiwizi.core.models import AuditEntry
from tiwizi.registry.models import YOUTH_MAX_AGE, Membership, Organization

ATTENTION_ROWS = 8
RECENT_CHANGES = 5
TOP_PROVINCES = 10
# Organizations a program follows closely: the ones whose records need to be complete.
FOLLOWED_KINDS = (Organization.Kind.COOPERATIVE, Organization.Kind.GIE)


def _roles(user: Any) -> frozenset[str]:
    return frozenset(user.roles) if user and user.is_authenticated else frozenset()


def attention_panel(user: Any) -> Panel | None:
    """Program managers and administrators: supported organizations with gaps."""
    if not user or not user.is_authenticated:
        return None
    if not (user.is_platform_admin or Role.PROGRAM_MANAGER in _roles(user)):
        return None
    supported = Organization.objects.manageable_by(user).active().filter(kind__in=FOLLOWED_KINDS)
    current = Membership.objects.current().filter(organization=OuterRef("pk"))
    no_members = ~Exists(current)
    no_commune = Q(commune__isnull=True)
    dormant = Q(status=Organization.Status.DORMANT)
    counts = supported.aggregate(
        total=Count("pk"),
        without_members=Count("pk", filter=no_members),
        without_commune=Count("pk", filter=no_commune),
        dormant=Count("pk", filter=dormant),
    )
    needing = list(
        supported.annotate(has_current_members=Exists(current))
        .filter(Q(has_current_members=False) | no_commune | dormant)
        .order_by("-updated_at", "-pk")[:ATTENTION_ROWS]
    )
    rows = [
        {
            "organization": organization,
            "without_members": not organization.has_current_members,
            "without_commune": organization.commune_id is None,
            "dormant": organization.status == Organization.Status.DORMANT,
        }
        for organization in needing
    ]
    return Panel(
        template="registry/panels/attention.html",
        context={"counts": counts, "rows": rows, "changes": _recent_changes(user)},
        order=10,
    )


def _recent_changes(user: Any) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization)
    )
    if not user.is_platform_admin:
        keys = Organization.objects.manageable_by(user).annotate(key=Cast("pk", CharField()))
        entries = entries.filter(object_id__in=keys.values("key"))
    latest = list(entries.select_related("actor").order_by("-created_at", "-id")[:RECENT_CHANGES])
    names = Organization.objects.in_bulk(
        [int(e.object_id) for e in latest if e.object_id.isdigit()]
    )
    return [
        {"entry": entry, "organization": names.get(int(entry.object_id))}
        for entry in latest
        if entry.object_id.isdigit()
    ]


def cooperative_panel(user: Any) -> Panel | None:
    """Cooperative managers: their organization's card with member counts."""
    if Role.COOPERATIVE_MANAGER not in _roles(user):
        return None
    youth_born_after = timezone.localdate().year - YOUTH_MAX_AGE
    organizations = list(
        Organization.objects.filter(id__in=user.organization_ids(Role.COOPERATIVE_MANAGER))
        .select_related("province", "commune")
        .with_member_counts(youth_born_after=youth_born_after)
        .order_by("name_fr", "name_ar", "pk")
    )
    return Panel(
        template="registry/panels/cooperative.html",
        context={"organizations": organizations},
        order=20,
    )


def funder_panel(user: Any) -> Panel | None:
    """Funders: aggregate figures only, never a person's name or record.

    Until programs exist the figures cover the whole registry; programs will narrow
    them to what the funder funds.
    """
    if Role.FUNDER not in _roles(user):
        return None
    organizations = Organization.objects.active()
    by_kind = [
        {"label": Organization.Kind(row["kind"]).label, "count": row["count"]}
        for row in organizations.values("kind").annotate(count=Count("pk")).order_by("-count")
    ]
    by_province = [
        {"label": localized(SimpleNamespace(name_fr=row["province__name_fr"],
                                            name_ar=row["province__name_ar"]), "name"),
         "count": row["count"]}
        for row in organizations.filter(province__isnull=False)
        .values("province__name_fr", "province__name_ar")
        .annotate(count=Count("pk"))
        .order_by("-count", "province__name_fr")[:TOP_PROVINCES]
    ]  # fmt: skip
    members = (
        Membership.objects.current()
        .filter(organization__archived_at__isnull=True)
        .aggregate(
            women=Count("person", filter=Q(person__sex="female"), distinct=True),
            men=Count("person", filter=Q(person__sex="male"), distinct=True),
        )
    )
    return Panel(
        template="registry/panels/funder.html",
        context={
            "total": sum(row["count"] for row in by_kind),
            "by_kind": by_kind,
            "by_province": by_province,
            "members": members,
        },
        order=30,
    )
