"""Moroccan phone numbers, normalized to the international +212 form.

People write `0661 23 45 67`, `+212 661-234567`, `00212661234567` or `212661234567`;
all are the same line. Storing one form makes duplicates visible and links dialable.
"""

import re

_SEPARATORS = re.compile(r"[\s.\-/()]")
# Mobile (6, 7) and fixed (5) numbers have 9 digits after the country code;
# 8 covers the VoIP range. The first digit after the code is never 0.
_NATIONAL = re.compile(r"^[5-8]\d{8}$")


def normalize_moroccan_phone(raw: str) -> str | None:
    """Return +212XXXXXXXXX, or None if `raw` is not a Moroccan number."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+212"):
        national = digits[4:]
    elif digits.startswith("00212"):
        national = digits[5:]
    elif digits.startswith("212") and len(digits) == 12:
        national = digits[3:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    else:
        return None
    if national.startswith("0"):  # +212 0661… is a common slip: drop the trunk zero
        national = national[1:]
    return f"+212{national}" if _NATIONAL.match(national) else None


def format_moroccan_phone(e164: str) -> str:
    """+212661234567 -> +212 6 61 23 45 67, the grouping people read aloud."""
    if not e164.startswith("+212") or len(e164) != 13:
        return e164
    n = e164[4:]
    return f"+212 {n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:9]}"
