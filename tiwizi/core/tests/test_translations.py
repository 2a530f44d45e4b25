"""Every string a user sees is translated, and every template string is marked for it.

Three nets: the ar and fr catalogues have no untranslated or fuzzy message; no template
holds visible text outside {% translate %}/{% blocktranslate %}; and pages rendered in
Arabic from Arabic-only data show no leftover Latin words (which would be an unmarked or
untranslated string coming from Python code, a form or a message).
"""

import re
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]  # the tiwizi package
CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))
TEMPLATES = sorted(p for p in ROOT.glob("**/templates/**/*.html") if "vendor" not in p.parts)

LETTER = re.compile(r"[^\W\d_]")
TAG = re.compile(r"<[^>]*>", re.S)
STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
TRANSLATABLE_ATTRIBUTE = re.compile(
    r"\b(placeholder|title|aria-label|alt|data-confirm)\s*=\s*\"([^\"]*)\"", re.S
)
PLACEHOLDER = "\x00"
ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")


def test_catalogues_exist_for_arabic_french_and_english():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"ar", "fr", "en"} <= languages


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_is_complete(language):
    po = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated messages: {untranslated[:20]}"
    assert not fuzzy, f"{language}: fuzzy messages: {fuzzy[:20]}"


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_compiled_catalogue_matches_its_source(language):
    po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages"
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))}
    assert po == mo, f"{mo_path} is out of date: run make messages"


def _visible_text_outside_translation(source: str) -> tuple[list[str], list[str]]:
    """Text nodes and translatable attributes that are literal, not translated."""
    pieces, in_blocktranslate, in_style_block = [], False, False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split()
            tag = words[0] if words else ""
            if tag in ("blocktranslate", "blocktrans"):
                in_blocktranslate = True
            elif tag in ("endblocktranslate", "endblocktrans"):
                in_blocktranslate = False
            elif words == ["block", "style"]:
                in_style_block = True  # CSS for PDFs, inside pdf/base.html's <style>
            elif tag == "endblock":
                in_style_block = False
        # Text inside {% blocktranslate %} is translated: it counts as a placeholder.
        is_literal = (
            token.token_type == TokenType.TEXT and not in_blocktranslate and not in_style_block
        )
        pieces.append(token.contents if is_literal else PLACEHOLDER)
    flattened = "".join(pieces)
    attributes = [
        value
        for _name, value in TRANSLATABLE_ATTRIBUTE.findall(flattened)
        if LETTER.search(value.replace(PLACEHOLDER, ""))
    ]
    text = STYLE_OR_SCRIPT.sub(" ", flattened)
    text = TAG.sub(" ", text)
    text = ENTITY.sub(" ", text)
    words = [chunk.strip() for chunk in text.split(PLACEHOLDER) if LETTER.search(chunk)]
    return words, attributes


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_unmarked_text(template):
    words, attributes = _visible_text_outside_translation(template.read_text(encoding="utf-8"))
    assert not words, f"text not marked for translation: {words}"
    assert not attributes, f"attribute text not marked for translation: {attributes}"


def test_the_checker_catches_unmarked_text():
    words, attributes = _visible_text_outside_translation(
        '{% load i18n %}<p>Hello {{ name }}</p><input placeholder="Search">'
        '<a title="{% translate "Fine" %}">{% translate "Fine" %}</a>'
        "{% blocktranslate count n=3 %}{{ n }} row{% plural %}{{ n }} rows{% endblocktranslate %}"
    )
    assert words == ["Hello"]
    assert attributes == ["Search"]
