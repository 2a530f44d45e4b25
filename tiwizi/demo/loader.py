"""Write the demo data set (tiwizi/demo/data.py) to the database, idempotently.

Each row is found again by its stable demo key (see `DemoRecord`), or else by its
natural key (ODCO number, RC number and court, ICE, national ID, email), then updated
only where it differs: loading twice creates nothing and saves nothing the second time.
Records are written through the ORM (`save()` keeps `search_text` current), not through
registry services: demo data is not an audited user action.

The registry part (organizations, people, logins) comes first; activity.py then adds the
program's activity (cohorts, training, coaching, events) in the same transaction, and
tiwizi/assessment/demo.py the cooperatives' baseline and follow-up assessments.
"""

from dataclasses import fields
from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction

from tiwizi.accounts.models import Grant, User
from tiwizi.assessment.demo import load_assessment_demo
from tiwizi.demo import activity, data
from tiwizi.demo.records import LoadReport, _upsert
from tiwizi.geo.models import Commune
from tiwizi.impact.demo import load_impact_demo
from tiwizi.market.catalogue.demo import load_catalogue_demo
from tiwizi.market.trade.demo import load_trade_demo
from tiwizi.registry.models import Membership, Organization, Person, Sector


def _organization_values(spec: data.OrganizationSpec, communes: dict[str, Commune]) -> dict:
    return {
        "kind": spec.kind,
        "name_fr": spec.name_fr,
        "name_ar": spec.name_ar,
        "status": spec.status,
        "description": spec.description,
        "odco_number": spec.odco_number,
        "local_register_number": spec.local_register_number,
        "court": spec.court,
        "rc_number": spec.rc_number,
        "ice": spec.ice,
        "creation_date": spec.creation_date,
        "capital_mad": spec.capital_mad,
        "address": spec.address,
        "commune_id": communes[spec.commune].pk,
        "province_id": communes[spec.commune].province_id,
        "phone": spec.phone,
        "email": spec.email,
        "website": spec.website,
    }


def _natural_organization_key(spec: data.OrganizationSpec) -> dict[str, Any]:
    if spec.odco_number:
        return {"odco_number": spec.odco_number}
    if spec.rc_number:
        return {"rc_number": spec.rc_number, "court": spec.court}
    if spec.ice:
        return {"ice": spec.ice}
    return {"kind": spec.kind, "email": spec.email}


def _person_values(spec: data.PersonSpec) -> dict[str, Any]:
    return {f.name: getattr(spec, f.name) for f in fields(spec) if f.name != "key"}


@transaction.atomic
def load_demo() -> LoadReport:
    report = LoadReport()
    dataset = data.build_dataset()
    codes = {spec.commune for spec in dataset.organizations}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    missing = codes - communes.keys()
    if missing:
        raise LookupError(f"Communes missing from the geo tables: {sorted(missing)}")
    sectors = {s.code: s for s in Sector.objects.all()}

    organizations: dict[str, Organization] = {}
    for spec in dataset.organizations:
        organization = _upsert(
            report,
            Organization,
            _organization_values(spec, communes),
            key=f"organization:{spec.key}",
            natural=_natural_organization_key(spec),
        )
        # .set() adds and removes only the difference: an unchanged set writes nothing.
        organization.sectors.set([sectors[code] for code in spec.sectors])
        organizations[spec.key] = organization

    ngo = organizations[data.NGO.key]
    for spec in data.COOPERATIVES + data.GIES:
        organizations[spec.key].stewards.set([ngo])

    people: dict[str, Person] = {}
    for person_spec in dataset.people:
        people[person_spec.key] = _upsert(
            report,
            Person,
            _person_values(person_spec),
            key=person_spec.key,
            natural={"national_id": person_spec.national_id},
        )

    for membership in dataset.memberships:
        _upsert(
            report,
            Membership,
            {
                "person_id": people[membership.person].pk,
                "organization_id": organizations[membership.organization].pk,
                "role": membership.role,
                "since": membership.since,
                "until": None,
            },
            natural={
                "person_id": people[membership.person].pk,
                "organization_id": organizations[membership.organization].pk,
            },
        )

    users: dict[str, User] = {}
    for login in dataset.logins:
        full_name = login.full_name
        if not full_name:
            president = dataset.president_of(login.organization)
            full_name = f"{president.first_name_latin} {president.last_name_latin}".strip()
        user = _upsert(
            report,
            User,
            {
                "email": login.email,
                "full_name": full_name,
                "is_active": True,
                "is_staff": login.is_staff,
                "is_superuser": login.is_superuser,
            },
            natural={"email": login.email},
        )
        # Reloading resets a demo password that was changed (and lifts a lockout): the
        # printed password always works.
        if not user.check_password(data.PASSWORD):
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
        axes_reset(username=login.email)
        _grant, created = Grant.objects.get_or_create(
            user=user, organization=organizations[login.organization], role=login.role
        )
        report.count(Grant, "created" if created else "unchanged")
        report.logins.append((login.role, login.email, data.PASSWORD, full_name))
        users[login.email] = user

    activity.load_activity(report, dataset, organizations, people, users)
    # Capacity assessments come last: their assessors are the program's staff.
    load_assessment_demo(report)
    # The market (catalogue, then buyers' inquiries, orders and a year of sales), then
    # the cooperatives' periodic reports and the program's targets, which read the sales.
    load_catalogue_demo(report)
    load_trade_demo(report)
    load_impact_demo(report)
    return report
