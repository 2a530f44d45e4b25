"""Text normalization and stemming for search in Arabic, French and English.

A query must match what a person meant, not the bytes they typed: `تعاونيات` finds
`تعاونية`, `cooperatives` finds `Coopérative`. Both the stored text and the query go
through `search_terms`, and a row matches when every query term is a substring of its
stored `search_text`. Substring matching keeps it identical on SQLite and PostgreSQL
(a plain LIKE) and doubles as prefix search while a user types.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Harakat, Quranic marks and the superscript alef: they change nothing in meaning here.
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})  # noqa: RUF001
# Hamza seats and alef maqsura: people write ى and ي (and ئ) interchangeably.
_HAMZA_SEATS = str.maketrans({"ؤ": "و", "ئ": "ي", "ى": "ي"})
# Persian/Urdu look-alikes that Moroccan keyboards and copy-paste bring in.
_LOOKALIKES = str.maketrans({"ی": "ي", "ک": "ك", "ە": "ه", "ھ": "ه"})  # noqa: RUF001
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# French ligatures are letters of their own to Unicode (NFKD keeps them): `Œuvre`, `oeuvre`.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

_stemmers = {lang: snowballstemmer.stemmer(lang) for lang in ("arabic", "french", "english")}


def fold_arabic(text: str) -> str:
    """Remove diacritics and tatweel and unify alef and hamza forms."""
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_ALEF_FORMS).translate(_HAMZA_SEATS).translate(_LOOKALIKES)


def fold_latin(text: str) -> str:
    """Lower-case and strip accents: `Coopérative` becomes `cooperative`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalize(text: str) -> str:
    """The folded form of a text, before stemming (also useful for sorting)."""
    return fold_latin(fold_arabic(unicodedata.normalize("NFKC", text or "")))


def _is_arabic(token: str) -> bool:
    return bool(_ARABIC_LETTER.match(token))


@lru_cache(maxsize=4096)
def _arabic_stem(token: str) -> str:
    # Ta marbuta typed as ha: treat a final ه on a long word as ة so both stem alike.  # noqa: RUF003
    if len(token) > 3 and token.endswith("ه"):  # noqa: RUF001
        token = token[:-1] + "ة"
    # Snowball stems the sound feminine plural (ات) inconsistently; take the singular.
    if len(token) > 4 and token.endswith("ات"):
        token = token[:-2] + "ة"
    stem = _stemmers["arabic"].stemWord(token)
    # Store one spelling of the letters people write interchangeably.
    return stem.replace("ة", "ه")  # noqa: RUF001


@lru_cache(maxsize=4096)
def _latin_stems(token: str) -> tuple[str, ...]:
    # French and English stems both: names mix the two (`Coopérative Safran Gold`).
    stems = {_stemmers["french"].stemWord(token), _stemmers["english"].stemWord(token)}
    return tuple(sorted(stems))


def term_variants(token: str) -> tuple[str, ...]:
    """The stems one folded token may be stored under (any one of them matches)."""
    if _is_arabic(token):
        return (_arabic_stem(token),)
    if token.isdigit():
        return (token,)
    return _latin_stems(token)


def search_terms(text: str) -> list[tuple[str, ...]]:
    """One tuple of alternative stems per word of `text`, in order, without repeats."""
    seen: set[tuple[str, ...]] = set()
    terms = []
    for token in _TOKEN.findall(normalize(text)):
        variants = term_variants(token)
        if variants not in seen:
            seen.add(variants)
            terms.append(variants)
    return terms


def search_document(*texts: str | None) -> str:
    """What to store in a `search_text` column: every stem, space-separated and padded."""
    stems: set[str] = set()
    for text in texts:
        for variants in search_terms(text or ""):
            stems.update(variants)
    return " " + " ".join(sorted(stems)) + " " if stems else ""
