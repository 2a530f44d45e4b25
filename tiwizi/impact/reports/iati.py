"""A program as an IATI 2.03 activity file (iati-activities/iati-activity).

The file validates against the official 2.03 schema copied in `iati_schema/` (see its
README), and every code it uses comes from the codelists copied beside it (both are
checked by tests). Choices the standard leaves to the publisher:

- Organisation identifiers. The OrganisationRegistrationAgency codelist is not shipped
  with the project and no Moroccan registration agency is known to it, so an
  organisation's identifier is, in order: the one set in the optional setting
  `IATI_ORGANISATION_IDENTIFIERS` ({organization pk: "XI-IATI-…"}, for organisations
  registered with IATI); "MA-ICE-<ICE>" for those with a Moroccan company identifier
  (ICE); else "MA-TIWIZI-<pk>", an identifier local to this platform.
- The reporting organisation is the program's implementing organisation (the NGO that
  runs it); the activity identifier is its identifier followed by the program id.
- Partner roles → OrganisationRole: funder 1 (Funding), institutional partner 2
  (Accountable), implementer 4 (Implementing), technical partner 4 (Implementing).
- Registry sectors → OECD DAC 5-digit purpose codes (vocabulary 1): `DAC_SECTORS`,
  weighted by the number of participating organizations in each sector.
- Provinces: `location` with the ISO 3166-2 code as ref, the names, the official HCP
  code in the description (no GeographicVocabulary knows HCP codes, so there is no
  `administrative` element), and a `point` at the centroid of the province's boundary
  (tiwizi.impact.maps), marked approximate.
- Results: one result per indicator, a yearly period for each year of the program,
  targets and actuals with their disaggregations as dimensions (sex, age) or locations
  (provinces). Actuals are the funder-level figures: small numbers are suppressed
  (left without a value, with a comment), since an IATI file is published.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation
from lxml import etree

from tiwizi.programs.models import Contribution, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

IATI_VERSION = "2.03"
SCHEMA_DIR = Path(__file__).resolve().parent / "iati_schema"
ACTIVITY_SCHEMA = SCHEMA_DIR / "iati-activities-schema.xsd"
CODELIST_DIR = SCHEMA_DIR / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANGUAGE = "fr"
CURRENCY = "MAD"
COUNTRY = "MA"

ACTIVITY_STATUS = {  # ActivityStatus
    Program.Status.DRAFT: "1",  # Pipeline/identification
    Program.Status.ACTIVE: "2",  # Implementation
    Program.Status.CLOSED: "4",  # Closed
}
FINALISATION = "3"  # an active program past its end date
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"  # ActivityDateType

ORGANISATION_ROLE = {  # OrganisationRole
    PartnerRole.Role.FUNDER: "1",  # Funding
    PartnerRole.Role.INSTITUTIONAL: "2",  # Accountable
    PartnerRole.Role.IMPLEMENTER: "4",  # Implementing
    PartnerRole.Role.TECHNICAL: "4",  # Implementing
}
GOVERNMENT, OTHER_PUBLIC_SECTOR = "10", "15"  # OrganisationType
INTERNATIONAL_NGO, NATIONAL_NGO, PRIVATE_SECTOR = "21", "22", "70"
ORGANISATION_TYPE: dict[str, str] = {
    Organization.Kind.NGO: NATIONAL_NGO,
    Organization.Kind.ASSOCIATION: NATIONAL_NGO,
    # Public establishments (offices, agencies) rather than ministries.
    Organization.Kind.INSTITUTION: OTHER_PUBLIC_SECTOR,
    Organization.Kind.COMPANY: PRIVATE_SECTOR,
    Organization.Kind.BUYER: PRIVATE_SECTOR,
    # Cooperatives and GIEs are member-owned businesses: private sector.
    Organization.Kind.COOPERATIVE: PRIVATE_SECTOR,
    Organization.Kind.GIE: PRIVATE_SECTOR,
}

INCOMING_FUNDS, INCOMING_COMMITMENT = "1", "11"  # TransactionType
TRANSACTION_TYPE = {
    Contribution.Status.RECEIVED: INCOMING_FUNDS,
    Contribution.Status.PLEDGED: INCOMING_COMMITMENT,
}
ORIGINAL_BUDGET = "1"  # BudgetType
DAC_5_DIGIT = "1"  # SectorVocabulary: OECD DAC CRS purpose codes (5 digit)
OUTPUT, OUTCOME = "1", "2"  # ResultType
UNIT, PERCENTAGE = "1", "2"  # IndicatorMeasure

# Registry sector code → OECD DAC CRS purpose code (5 digits). Farm products grown for
# food: food crop production; cash/export crops (saffron, argan, roses, henna): industrial
# crops/export crops; beekeeping and dairy: livestock; processed foods (couscous, olive
# oil): agro-industries; crafts: cottage industries and handicraft; services and any
# sector not listed: SME development.
DAC_SECTORS = {
    "dates": "31161",  # Food crop production
    "almonds": "31161",
    "cactus": "31161",
    "saffron": "31162",  # Industrial crops/export crops
    "argan": "31162",
    "roses-aromatic-plants": "31162",
    "henna": "31162",
    "honey": "31163",  # Livestock
    "dairy": "31163",
    "couscous-cereals": "32161",  # Agro-industries
    "olive-oil": "32161",
    "carpets-weaving": "32140",  # Cottage industries and handicraft
    "pottery": "32140",
    "tourism": "33210",  # Tourism policy and administrative management
    "services": "32130",  # Small and medium-sized enterprises (SME) development
}
FALLBACK_DAC_SECTOR = "32130"

IATI_DIMENSIONS = {"sex": "sex", "age_group": "age"}


# Identifiers -----------------------------------------------------------------------------


def organisation_ref(organization: Organization) -> str:
    configured: dict[Any, str] = getattr(settings, "IATI_ORGANISATION_IDENTIFIERS", {})
    if organization.pk in configured:
        return configured[organization.pk]
    if organization.ice:
        return f"MA-ICE-{organization.ice}"
    return f"MA-TIWIZI-{organization.pk}"


def organisation_type(organization: Organization) -> str:
    kind = ORGANISATION_TYPE.get(organization.kind, "90")
    if kind == NATIONAL_NGO and organization.country and organization.country != COUNTRY:
        return INTERNATIONAL_NGO
    return kind


@cache
def _province_iso_codes() -> dict[str, str]:
    """HCP province code → ISO 3166-2 code (e.g. 08.401 → MA-OUA)."""
    with (SCHEMA_DIR / "iso3166_2_to_hcp_provinces.csv").open(encoding="utf-8") as handle:
        return {row["hcp_code"]: row["iso_3166_2"] for row in csv.DictReader(handle)}


def province_ref(code: str) -> str:
    return _province_iso_codes().get(code, f"MA-HCP-{code}")


# XML helpers -----------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})


def _narratives(parent: etree._Element, texts: Iterable[tuple[str, str]]) -> None:
    for language, text in texts:
        if text.strip():
            narrative = _sub(parent, "narrative")
            narrative.set(XML_LANG, language)
            narrative.text = text.strip()


def _texts(obj: Any, field: str, languages: Iterable[str] = LANGUAGES) -> list[tuple[str, str]]:
    return [(lang, getattr(obj, f"{field}_{lang}", "") or "") for lang in languages]


def _organization_names(organization: Organization) -> list[tuple[str, str]]:
    return [("fr", organization.name_fr), ("ar", organization.name_ar)]


def _number(value: Decimal | int) -> str:
    """Decimals as IATI expects them: a dot, no exponent, no trailing zeros."""
    text = format(Decimal(value).normalize(), "f")
    return text


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


# The activity ---------------------------------------------------------------------------


class NoReportingOrganization(ValueError):
    """The program has no implementing organization to report it."""


def _implementer(program: Program) -> Organization:
    partner = (
        PartnerRole.objects.filter(program=program, role=PartnerRole.Role.IMPLEMENTER)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if partner is None:
        raise NoReportingOrganization(program.pk)
    return partner.organization


def activity_identifier(program: Program, reporter: Organization) -> str:
    return f"{organisation_ref(reporter)}-{program.pk}"


def _status(program: Program, today: date) -> str:
    if program.status == Program.Status.ACTIVE and program.end_date < today:
        return FINALISATION
    return ACTIVITY_STATUS[Program.Status(program.status)]


def _add_dates(activity: etree._Element, program: Program, today: date) -> None:
    _sub(activity, "activity-date", iso_date=program.start_date.isoformat(), type=PLANNED_START)
    started = program.status != Program.Status.DRAFT and program.start_date <= today
    if started:
        _sub(activity, "activity-date", iso_date=program.start_date.isoformat(), type=ACTUAL_START)
    _sub(activity, "activity-date", iso_date=program.end_date.isoformat(), type=PLANNED_END)
    # Actual dates may not lie in the future.
    if program.status == Program.Status.CLOSED and program.end_date <= today:
        _sub(activity, "activity-date", iso_date=program.end_date.isoformat(), type=ACTUAL_END)


def _add_participating_orgs(activity: etree._Element, partners: list[PartnerRole]) -> None:
    for partner in partners:
        organization = partner.organization
        element = _sub(
            activity,
            "participating-org",
            ref=organisation_ref(organization),
            role=ORGANISATION_ROLE[PartnerRole.Role(partner.role)],
            type=organisation_type(organization),
        )
        _narratives(element, _organization_names(organization))


def _outer_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _centroid(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """Area-weighted centroid (longitude, latitude) of a polygon's outer rings."""
    area_sum = x_sum = y_sum = 0.0
    for ring in _outer_rings(geometry):
        for (x0, y0), (x1, y1) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area_sum += cross
            x_sum += (x0 + x1) * cross
            y_sum += (y0 + y1) * cross
    if not area_sum:
        return None
    return x_sum / (3 * area_sum), y_sum / (3 * area_sum)


@cache
def province_points() -> dict[str, tuple[float, float]]:
    """HCP code → (latitude, longitude) of the province's centroid, from the map's
    boundaries (tiwizi.impact.maps); empty when the boundaries are not there."""
    try:
        from tiwizi.impact import maps

        features = maps.features()
    except (ImportError, OSError):
        return {}
    points = {}
    for feature in features:
        centroid = _centroid(feature["geometry"])
        if centroid is not None:
            points[feature["properties"]["hcp_code"]] = (centroid[1], centroid[0])
    return points


def _add_locations(activity: etree._Element, program: Program) -> None:
    points = province_points()
    for province in program.target_provinces.order_by("code"):
        location = _sub(activity, "location", ref=province_ref(province.code))
        _sub(location, "location-reach", code="1")  # the activity happens there
        _narratives(_sub(location, "name"), [("fr", province.name_fr), ("ar", province.name_ar)])
        _narratives(
            _sub(location, "description"),
            [("fr", f"Province ou préfecture, code officiel HCP {province.code}")],
        )
        point = points.get(".".join(province.code.split(".")[:2]))
        if point is not None:
            xml_point = _sub(
                location, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326"
            )
            _sub(xml_point, "pos").text = f"{point[0]:.5f} {point[1]:.5f}"
            _sub(location, "exactness", code="2")  # approximate: the province's centre
        _sub(location, "location-class", code="1")  # administrative region
        _sub(location, "feature-designation", code="ADM2")  # second-order division


def sector_shares(program: Program) -> list[tuple[str, Decimal]]:
    """DAC codes with their percentage of the program, from the sectors of the
    organizations taking part; percentages sum to exactly 100."""
    rows = (
        Participation.objects.participating()
        .in_program(program)
        .order_by()
        .values("organization__sectors__code")
        .annotate(organizations=Count("organization", distinct=True))
    )
    weights: dict[str, int] = {}
    for row in rows:
        code = DAC_SECTORS.get(row["organization__sectors__code"] or "", FALLBACK_DAC_SECTOR)
        weights[code] = weights.get(code, 0) + row["organizations"]
    total = sum(weights.values())
    if not total:
        return [(FALLBACK_DAC_SECTOR, Decimal(100))]
    codes = sorted(weights, key=lambda code: (-weights[code], code))
    shares = [
        (code, (Decimal(100) * weights[code] / total).quantize(Decimal("0.01"))) for code in codes
    ]
    # Rounding may leave a few hundredths over or under: the largest share absorbs them.
    difference = Decimal(100) - sum(share for _code, share in shares)
    shares[0] = (shares[0][0], shares[0][1] + difference)
    return shares


def _add_budget(activity: etree._Element, program: Program) -> None:
    if program.budget_mad is None:
        return
    budget = _sub(activity, "budget", type=ORIGINAL_BUDGET)
    _sub(budget, "period-start", iso_date=program.start_date.isoformat())
    _sub(budget, "period-end", iso_date=program.end_date.isoformat())
    value = _sub(budget, "value", currency=CURRENCY, value_date=program.start_date.isoformat())
    value.text = _money(program.budget_mad)


def _add_transactions(activity: etree._Element, program: Program, reporter: Organization) -> None:
    contributions = (
        Contribution.objects.filter(program=program)
        .select_related("partner")
        .order_by("date", "pk")
    )
    for contribution in contributions:
        transaction = _sub(activity, "transaction", ref=f"contribution-{contribution.pk}")
        _sub(
            transaction,
            "transaction-type",
            code=TRANSACTION_TYPE[Contribution.Status(contribution.status)],
        )
        _sub(transaction, "transaction-date", iso_date=contribution.date.isoformat())
        value = _sub(
            transaction, "value", currency=CURRENCY, value_date=contribution.date.isoformat()
        )
        value.text = _money(contribution.amount_mad)
        text = contribution.description
        if contribution.kind == Contribution.Kind.IN_KIND:
            # The narrative is in the activity's default language, as the label is.
            with translation.override(DEFAULT_LANGUAGE):
                in_kind = str(Contribution.Kind.IN_KIND.label)
            text = f"[{in_kind}] {text}".strip()
        if text:
            description = _sub(transaction, "description")
            _narratives(description, [(DEFAULT_LANGUAGE, text)])
        provider = _sub(
            transaction,
            "provider-org",
            ref=organisation_ref(contribution.partner),
            type=organisation_type(contribution.partner),
        )
        _narratives(provider, _organization_names(contribution.partner))
        receiver = _sub(
            transaction,
            "receiver-org",
            ref=organisation_ref(reporter),
            type=organisation_type(reporter),
        )
        _narratives(receiver, _organization_names(reporter))


# Results ----------------------------------------------------------------------------------

# Indicators of change in the cooperatives (outcomes); the others count the program's
# own activity (outputs).
OUTCOME_INDICATORS = frozenset(
    {
        "capacity_score_change",
        "revenue",
        "sales_local",
        "sales_national",
        "sales_export",
        "jobs",
        "jobs_created",
        "members",
        "women_share_members",
        "market_agreements",
    }
)
SUPPRESSED_COMMENT = (
    ("en", "Fewer than 5 people: the figure is withheld."),
    ("fr", "Moins de 5 personnes : le chiffre n'est pas publié."),
)


def result_type(indicator: Any) -> str:
    return OUTCOME if indicator.code in OUTCOME_INDICATORS else OUTPUT


def indicator_measure(indicator: Any) -> str:
    return PERCENTAGE if indicator.unit == "percent" else UNIT


def _program_years(program: Program) -> list[int]:
    return list(range(program.start_date.year, program.end_date.year + 1))


def _has_value(cell: Any) -> bool:
    return cell is not None and (cell.value is not None or cell.suppressed)


def _set_value(element: etree._Element, cell: Any) -> None:
    """The value as an attribute; a suppressed figure gets a comment instead."""
    if cell.suppressed:
        _narratives(_sub(element, "comment"), SUPPRESSED_COMMENT)
    elif cell.value is not None:
        element.set("value", _number(cell.value))


class _Disaggregation:
    """Marks a target or an actual as one cell of a breakdown: sex and age as IATI
    dimensions, provinces of the activity as references to its locations."""

    def __init__(self, location_refs: set[str]) -> None:
        self.location_refs = location_refs

    def mark(self, element: etree._Element, item: Any) -> None:
        if item is None:
            return
        if item.dimension == "province" and province_ref(item.key) in self.location_refs:
            _sub(element, "location", ref=province_ref(item.key))
        else:
            name = IATI_DIMENSIONS.get(item.dimension, item.dimension)
            # Cohorts by name: their ids mean nothing outside this platform.
            value = item.label if item.dimension == "cohort" else item.key
            _sub(element, "dimension", name=name, value=str(value))


def _add_period(
    indicator: etree._Element, result: Any, marks: _Disaggregation, *, with_actuals: bool
) -> None:
    period = _sub(indicator, "period")
    _sub(period, "period-start", iso_date=result.period.start.isoformat())
    _sub(period, "period-end", iso_date=result.period.end.isoformat())
    cells = [
        (None, result.target, result.actual),
        *((item, item.target, item.actual) for item in result.breakdown),
    ]
    for item, target, _actual in cells:
        if target is not None:
            element = _sub(period, "target", value=_number(target))
            marks.mark(element, item)
    if not with_actuals:
        return
    for item, _target, actual in cells:
        if _has_value(actual):
            element = _sub(period, "actual")
            marks.mark(element, item)
            _set_value(element, actual)


def _add_result(
    activity: etree._Element,
    program: Program,
    results: list[Any],
    marks: _Disaggregation,
    today: date,
) -> None:
    indicator = results[0].indicator
    element = _sub(activity, "result", type=result_type(indicator))
    _narratives(_sub(element, "title"), _texts(indicator, "name"))
    xml_indicator = _sub(element, "indicator", measure=indicator_measure(indicator), ascending="1")
    _narratives(_sub(xml_indicator, "title"), _texts(indicator, "name"))
    descriptions = _texts(indicator, "description")
    if any(text.strip() for _lang, text in descriptions):
        _narratives(_sub(xml_indicator, "description"), descriptions)
    baseline = next((r.baseline for r in results if _has_value(r.baseline)), None)
    if baseline is not None:
        xml_baseline = _sub(
            xml_indicator,
            "baseline",
            year=str(program.start_date.year),
            iso_date=program.start_date.isoformat(),
        )
        _set_value(xml_baseline, baseline)
    for result in results:
        # A year not begun has targets only: its computed actuals would be zeros.
        with_actuals = result.period.start <= today
        if result.target is not None or (with_actuals and _has_value(result.actual)):
            _add_period(xml_indicator, result, marks, with_actuals=with_actuals)


def _add_results(activity: etree._Element, program: Program, today: date) -> None:
    from tiwizi.impact.results import Audience, Period, program_results

    by_indicator: dict[int, list[Any]] = {}
    for year in _program_years(program):
        # Published figures: suppressed as for funders, whoever exports.
        for result in program_results(program, Period(year), audience=Audience.FUNDER):
            by_indicator.setdefault(result.indicator.pk, []).append(result)
    locations = {
        province_ref(code) for code in program.target_provinces.values_list("code", flat=True)
    }
    marks = _Disaggregation(locations)
    for results in by_indicator.values():
        shown = [
            r
            for r in results
            if r.target is not None or (r.period.start <= today and _has_value(r.actual))
        ]
        if shown:
            _add_result(activity, program, results, marks, today)


# The file ------------------------------------------------------------------------------------


def activity_element(program: Program, *, today: date | None = None) -> etree._Element:
    today = today or timezone.localdate()
    reporter = _implementer(program)
    partners = list(
        PartnerRole.objects.filter(program=program)
        .select_related("organization")
        .order_by("role", "pk")
    )
    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
            "default-currency": CURRENCY,
            "hierarchy": "1",
        },
    )
    activity.set(XML_LANG, DEFAULT_LANGUAGE)
    _sub(activity, "iati-identifier").text = activity_identifier(program, reporter)
    reporting = _sub(
        activity,
        "reporting-org",
        ref=organisation_ref(reporter),
        type=organisation_type(reporter),
    )
    _narratives(reporting, _organization_names(reporter))
    _narratives(_sub(activity, "title"), _texts(program, "name"))
    description = _sub(activity, "description", type="1")  # general
    texts = _texts(program, "description")
    if not any(text.strip() for _lang, text in texts):
        texts = _texts(program, "name")
    _narratives(description, texts)
    _add_participating_orgs(activity, partners)
    _sub(activity, "activity-status", code=_status(program, today))
    _add_dates(activity, program, today)
    _sub(activity, "recipient-country", code=COUNTRY, percentage="100")
    _add_locations(activity, program)
    for code, share in sector_shares(program):
        _sub(activity, "sector", vocabulary=DAC_5_DIGIT, code=code, percentage=_number(share))
    _add_budget(activity, program)
    _add_transactions(activity, program, reporter)
    _add_results(activity, program, today)
    return activity


def activities_document(programs: Iterable[Program]) -> etree._ElementTree:
    root = etree.Element(
        "iati-activities",
        {
            "version": IATI_VERSION,
            "generated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    for program in programs:
        root.append(activity_element(program))
    return etree.ElementTree(root)


def program_iati_xml(program: Program) -> bytes:
    return etree.tostring(
        activities_document([program]), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


@cache
def activity_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ACTIVITY_SCHEMA)))
