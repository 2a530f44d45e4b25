"""The IATI 2.03 export of a program: valid against the official schema, codes taken from
the official codelists, figures as the program has them, and only for its funders,
managers and admins.

The demo is loaded once for the module, in a transaction rolled back at the end.
"""

import hashlib
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from tiwizi.accounts.models import Role, User
from tiwizi.demo import activity_data
from tiwizi.demo.loader import load_demo
from tiwizi.impact.models import Indicator, Target
from tiwizi.impact.reports import iati
from tiwizi.programs.models import Contribution, PartnerRole, Program
from tiwizi.registry.models import Organization

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def program(demo: None, db: None) -> Program:
    program = Program.objects.get(name_fr=activity_data.PROGRAM_NAME["fr"])
    # Targets of this year, in total and for women, so results carry both.
    trained = Indicator.objects.get(code="people_trained")
    year = timezone.localdate().year
    Target.objects.update_or_create(
        program=program, indicator=trained, year=year, quarter=None, dimension="",
        dimension_value="", defaults={"value": Decimal(120)},
    )  # fmt: skip
    Target.objects.update_or_create(
        program=program, indicator=trained, year=year, quarter=None, dimension="sex",
        dimension_value="female", defaults={"value": Decimal(70)},
    )  # fmt: skip
    return program


@pytest.fixture
def document(program: Program) -> etree._Element:
    return etree.fromstring(iati.program_iati_xml(program))


def _codes(codelist: str) -> set[str]:
    tree = etree.parse(str(iati.CODELIST_DIR / f"{codelist}.xml"))
    return {code.text for code in tree.iter("code") if code.text}


def test_the_demo_program_export_validates_against_the_2_03_schema(document):
    schema = iati.activity_schema()
    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"


# sha256 of the files of IATI-Schemas, branch version-2.03 (commit 4c9ba1e8), as in
# ../shared/data/iati/schema-2.03/ (see iati_schema/README.md): the copy is unchanged.
OFFICIAL_SCHEMA_SHA256 = {
    "iati-activities-schema.xsd": (
        "62c91a66c82ee26864d5e6c3f4bd6358de14d3aec69bc649db85da9f9a0792bc"
    ),
    "iati-common.xsd": "322692e4ea1f4434b154855f381eb4bd972aaa2e1349dfaf9578b775ad6c9c6b",
    "xml.xsd": "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c",
}


def test_the_schema_copied_in_the_repository_is_the_official_one():
    for name, digest in OFFICIAL_SCHEMA_SHA256.items():
        assert hashlib.sha256((iati.SCHEMA_DIR / name).read_bytes()).hexdigest() == digest


def test_every_code_used_is_in_its_codelist(document):
    checks = {
        "OrganisationType": [
            *document.xpath("//reporting-org/@type"),
            *document.xpath("//participating-org/@type"),
            *document.xpath("//provider-org/@type"),
            *document.xpath("//receiver-org/@type"),
        ],
        "OrganisationRole": document.xpath("//participating-org/@role"),
        "ActivityStatus": document.xpath("//activity-status/@code"),
        "ActivityDateType": document.xpath("//activity-date/@type"),
        "Country": document.xpath("//recipient-country/@code"),
        "Sector": document.xpath("//iati-activity/sector/@code"),
        "SectorVocabulary": document.xpath("//iati-activity/sector/@vocabulary"),
        "Currency": [
            *document.xpath("//value/@currency"),
            *document.xpath("//iati-activity/@default-currency"),
        ],
        "BudgetType": document.xpath("//budget/@type"),
        "TransactionType": document.xpath("//transaction-type/@code"),
        "ResultType": document.xpath("//result/@type"),
        "IndicatorMeasure": document.xpath("//indicator/@measure"),
        "Language": [*document.xpath("//@xml:lang")],
    }
    for codelist, used in checks.items():
        assert used, f"no {codelist} code in the export"
        unknown = set(used) - _codes(codelist)
        assert not unknown, f"{codelist}: {sorted(unknown)}"


def test_every_mapped_sector_and_partner_role_is_a_known_code():
    assert set(iati.DAC_SECTORS.values()) | {iati.FALLBACK_DAC_SECTOR} <= _codes("Sector")
    assert set(iati.ORGANISATION_ROLE.values()) <= _codes("OrganisationRole")
    assert set(iati.ORGANISATION_TYPE.values()) <= _codes("OrganisationType")
    assert set(iati.ACTIVITY_STATUS.values()) <= _codes("ActivityStatus")


def test_the_activity_carries_the_program_as_recorded(program, document):
    activity = document.find("iati-activity")
    ngo = PartnerRole.objects.get(program=program, role=PartnerRole.Role.IMPLEMENTER).organization
    assert activity.findtext("iati-identifier") == f"MA-TIWIZI-{ngo.pk}-{program.pk}"
    assert activity.find("reporting-org").get("ref") == f"MA-TIWIZI-{ngo.pk}"
    assert activity.find("reporting-org").get("type") == "22"
    titles = {n.get(XML_LANG): n.text for n in activity.find("title")}
    assert titles == {lang: activity_data.PROGRAM_NAME[lang] for lang in ("fr", "ar", "en")}
    assert activity.find("activity-status").get("code") == "2"
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {
        "1": program.start_date.isoformat(),
        "2": program.start_date.isoformat(),
        "3": program.end_date.isoformat(),
    }
    roles = {
        (p.get("ref"), p.get("role"), p.get("type")) for p in activity.findall("participating-org")
    }
    funder = Organization.objects.get(name_fr__startswith="Fondation Minière du Sud")
    assert (f"MA-ICE-{funder.ice}", "1", "70") in roles
    assert (f"MA-TIWIZI-{ngo.pk}", "4", "22") in roles
    assert activity.find("budget/value").text == "2150000.00"
    assert activity.find("budget/value").get("currency") == "MAD"


def test_locations_are_the_target_provinces(document):
    refs = document.xpath("//iati-activity/location/@ref")
    assert sorted(refs) == ["MA-MAR", "MA-OUA", "MA-TIN", "MA-ZAG"]
    descriptions = " ".join(document.xpath("//iati-activity/location/description/narrative/text()"))
    assert all(code in descriptions for code in activity_data.PROGRAM_PROVINCES)
    # Ouarzazate's centre lies within Morocco's south-east, as latitude longitude.
    (ouarzazate,) = document.xpath("//location[@ref='MA-OUA']/point/pos/text()")
    latitude, longitude = (float(part) for part in ouarzazate.split())
    assert 30 < latitude < 32 and -8 < longitude < -5


def test_sector_percentages_add_up_to_100(document):
    shares = [Decimal(p) for p in document.xpath("//iati-activity/sector/@percentage")]
    assert sum(shares) == 100
    assert len(shares) > 1


def test_transactions_are_the_contributions(program, document):
    transactions = document.findall("iati-activity/transaction")
    contributions = Contribution.objects.filter(program=program)
    assert len(transactions) == contributions.count()
    received = [
        t for t in transactions if t.find("transaction-type").get("code") == iati.INCOMING_FUNDS
    ]
    pledged = [
        t
        for t in transactions
        if t.find("transaction-type").get("code") == iati.INCOMING_COMMITMENT
    ]
    assert len(received) == contributions.filter(status="received").count()
    assert len(pledged) == contributions.filter(status="pledged").count()
    total = sum(Decimal(t.findtext("value")) for t in transactions)
    assert total == sum(c.amount_mad for c in contributions)
    assert all(t.find("provider-org").get("ref") for t in transactions)


def _indicator(document: etree._Element, english_title: str) -> etree._Element:
    matches = document.xpath(
        "//result/indicator[title/narrative[@xml:lang='en']=$title]", title=english_title
    )
    assert len(matches) == 1
    return matches[0]


def test_results_carry_target_and_actual_with_disaggregation(document):
    indicator = _indicator(document, "People trained")
    year = f"{timezone.localdate().year}-01-01"
    (period,) = indicator.xpath("period[period-start/@iso-date=$start]", start=year)
    totals = [t for t in period.findall("target") if t.find("dimension") is None]
    assert [t.get("value") for t in totals] == ["120"]
    (women,) = period.xpath("target[dimension[@name='sex' and @value='female']]")
    assert women.get("value") == "70"
    actuals = period.findall("actual")
    assert actuals[0].find("dimension") is None and actuals[0].get("value")
    names = {d.get("name") for actual in actuals for d in actual.findall("dimension")}
    assert names >= {"sex", "age", "cohort"}
    assert {ref for actual in actuals for ref in actual.xpath("location/@ref")} <= {
        "MA-MAR", "MA-OUA", "MA-TIN", "MA-ZAG",
    }  # fmt: skip


def test_actual_values_are_the_computed_results(program, document):
    from tiwizi.impact.results import Audience, Period, program_results

    year = timezone.localdate().year
    (trained,) = program_results(
        program,
        Period(year),
        audience=Audience.FUNDER,
        indicators=Indicator.objects.filter(code="people_trained"),
    )
    indicator = _indicator(document, "People trained")
    (period,) = indicator.xpath("period[period-start/@iso-date=$start]", start=f"{year}-01-01")
    total = next(a for a in period.findall("actual") if a.find("dimension") is None)
    assert Decimal(total.get("value")) == trained.actual.value


def test_suppressed_figures_are_published_without_value(program):
    from tiwizi.impact.results import Cell

    element = etree.Element("actual")
    iati._set_value(element, Cell(None, suppressed=True))
    assert element.get("value") is None
    assert element.find("comment/narrative") is not None
    iati._set_value(element, Cell(Decimal("12.50")))
    assert element.get("value") == "12.5"


def test_a_configured_identifier_replaces_the_local_one(program, settings):
    ngo = PartnerRole.objects.get(program=program, role=PartnerRole.Role.IMPLEMENTER).organization
    settings.IATI_ORGANISATION_IDENTIFIERS = {ngo.pk: "XI-IATI-TEST"}
    document = etree.fromstring(iati.program_iati_xml(program))
    assert document.findtext("iati-activity/iati-identifier") == f"XI-IATI-TEST-{program.pk}"


# Access ----------------------------------------------------------------------------------


def _user(email: str) -> User:
    return User.objects.get(email=email)


@pytest.mark.parametrize("email", ["funder@tiwizi.ma", "manager@tiwizi.ma", "admin@tiwizi.ma"])
def test_funders_managers_and_admins_download_the_file(program, client, email):
    client.force_login(_user(email))
    response = client.get(reverse("impact:program_iati", args=[program.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "attachment" in response["Content-Disposition"]
    assert iati.activity_schema().validate(etree.fromstring(response.content))


@pytest.mark.parametrize("email", ["cooperative@tiwizi.ma", "trainer@tiwizi.ma", "buyer@tiwizi.ma"])
def test_other_demo_users_get_404(program, client, email):
    client.force_login(_user(email))
    assert client.get(reverse("impact:program_iati", args=[program.pk])).status_code == 404


def test_a_funder_of_another_organization_gets_404(program, client, make_user):
    other = make_user(Role.FUNDER, Organization.objects.create(kind="company", name_fr="Autre"))
    client.force_login(other)
    assert client.get(reverse("impact:program_iati", args=[program.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(program, client):
    response = client.get(reverse("impact:program_iati", args=[program.pk]))
    assert response.status_code == 302


def test_a_program_without_implementer_gets_a_clear_message(program, client):
    PartnerRole.objects.filter(program=program, role=PartnerRole.Role.IMPLEMENTER).delete()
    client.force_login(_user("admin@tiwizi.ma"))
    response = client.get(reverse("impact:program_iati", args=[program.pk]))
    assert response.status_code == 409
    assert "implementing organization" in response.content.decode()


def test_the_export_runs_a_bounded_number_of_queries(program, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tiwizi.programs.models import Cohort, Participation

    client.force_login(_user("funder@tiwizi.ma"))
    url = reverse("impact:program_iati", args=[program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    cohort = Cohort.objects.filter(program=program).order_by("start_date").last()
    assert cohort is not None
    for n in range(20):
        organization = Organization.objects.create(
            kind="cooperative", name_fr=f"Ajoutée {n}", province=program.target_provinces.first()
        )
        Participation.objects.create(cohort=cohort, organization=organization, status="active")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) <= len(before)


def test_indicators_with_a_baseline_carry_it(program, document):
    from tiwizi.impact.results import Audience, Period, program_results

    (jobs,) = program_results(
        program,
        Period(program.start_date.year),
        audience=Audience.FUNDER,
        indicators=Indicator.objects.filter(code="jobs"),
    )
    assert jobs.baseline is not None and jobs.baseline.value is not None
    baseline = _indicator(document, "Jobs").find("baseline")
    assert baseline.get("year") == str(program.start_date.year)
    assert Decimal(baseline.get("value")) == jobs.baseline.value
