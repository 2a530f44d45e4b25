"""Pages rendered in Arabic from Arabic-only data show no Latin words.

A Latin word left on such a page is a string that escaped translation: not marked in a
template, a form label or message not wrapped in gettext, or a catalogue entry missing.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.geo.models import Commune
from tiwizi.registry import services
from tiwizi.registry.models import Membership, Organization, Person, Sector

# Names of the other languages in the switcher are meant to be read in their own script.
ALLOWED = {"Français", "English"}
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
TRANSLATABLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "data-confirm"}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in TRANSLATABLE_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def latin_words(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    words = []
    for chunk in parser.chunks:
        for token in chunk.split():
            if "@" in token or token.startswith(("http", "+212")):
                continue  # email addresses, links and phone numbers are data
            words += [w for w in LATIN_WORD.findall(token) if w not in ALLOWED]
    return words


@pytest.fixture
def arabic_world(make_user, client_for):
    ngo = Organization.objects.create(kind=Organization.Kind.NGO, name_ar="جمعية تويزة")
    manager = make_user(Role.PROGRAM_MANAGER, ngo, full_name="مريم العلوي", language="ar")
    ouarzazate = Commune.objects.get(code__startswith="08.401", name_fr="Ouarzazate")
    # Through the services, so that the pages also show a translated history.
    cooperative = services.create_organization(
        manager,
        {
            "kind": Organization.Kind.COOPERATIVE,
            "name_ar": "تعاونية الزعفران الذهبي",
            "odco_number": "2019-401-17",
            "commune": ouarzazate,
            "phone": "+212661234567",
            "capital_mad": 12500,
            "sectors": list(Sector.objects.filter(code="saffron")),
        },
    )
    taznakht = Commune.objects.get(code__startswith="08.401", name_fr="Taznakht")
    services.update_organization(
        manager, cooperative, {"commune": taznakht, "status": Organization.Status.DORMANT}
    )
    person = services.create_person_with_membership(
        manager,
        {
            "first_name_ar": "فاطمة",
            "last_name_ar": "الحسني",
            "sex": Person.Sex.FEMALE,
            "birth_year": 1994,
        },
        cooperative,
        Membership.Role.PRESIDENT,
    )
    if isinstance(person, Membership):
        person = person.person
    return {"client": client_for(manager), "cooperative": cooperative, "person": person}


PAGES = [
    ("core:home", None),
    ("registry:organization_list", None),
    ("registry:organization_create", None),
    ("registry:organization_detail", "cooperative"),
    ("registry:organization_edit", "cooperative"),
    ("registry:organization_archive", "cooperative"),
    ("registry:member_add", "cooperative"),
    ("registry:person_list", None),
    ("registry:person_detail", "person"),
    ("registry:person_edit", "person"),
    ("accounts:profile", None),
]


@pytest.mark.parametrize(("url_name", "target"), PAGES)
def test_arabic_page_has_no_untranslated_words(arabic_world, url_name, target):
    args = [arabic_world[target].pk] if target else []
    response = arabic_world["client"].get(reverse(url_name, args=args))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
    assert latin_words(response.text) == []


def test_arabic_form_errors_are_translated(arabic_world):
    response = arabic_world["client"].post(
        reverse("registry:organization_create"),
        {"kind": "cooperative", "ice": "123", "phone": "12"},
    )
    assert response.status_code == 200
    assert latin_words(response.text) == []


def test_arabic_login_page_is_translated(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert latin_words(response.text) == []


def test_the_detector_sees_latin_words():
    assert latin_words('<p>مرحبا Save</p><input placeholder="Search">') == ["Save", "Search"]


def test_arabic_history_names_places_in_arabic(arabic_world):
    url = reverse("registry:organization_detail", args=[arabic_world["cooperative"].pk])
    page = arabic_world["client"].get(url).text
    # The commune changed from Ouarzazate to Taznakht: both appear, in Arabic.
    assert "تازناخت" in page
    assert "ورزازات" in page
