"""Amounts in Moroccan dirhams, written as each language writes them.

fr: `12 500,00 MAD` · en: `MAD 12,500.00` · ar: `12.500,00 درهم` (Western digits, as in
Morocco). Narrow no-break spaces keep an amount on one line.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

NNBSP = "\u202f"  # narrow no-break space, the French thousands separator
NBSP = "\u00a0"


def _group(integer_digits: str, separator: str) -> str:
    groups: list[str] = []
    while len(integer_digits) > 3:
        groups.insert(0, integer_digits[-3:])
        integer_digits = integer_digits[:-3]
    groups.insert(0, integer_digits)
    return separator.join(groups)


def format_mad(
    amount: Decimal | int | float | None, language: str | None = None, decimals: int = 2
) -> str:
    if amount is None:
        return ""
    language = (language or get_language() or "fr")[:2]
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{abs(value):f}".partition(".")
    if language == "en":
        number = _group(integer, ",") + (f".{fraction}" if decimals else "")
        return f"{sign}MAD{NBSP}{number}"
    if language == "ar":
        number = _group(integer, ".") + (f",{fraction}" if decimals else "")
        # The left-to-right mark keeps the minus sign and digits in order inside RTL text.
        return f"\u200e{sign}{number}{NBSP}درهم"
    number = _group(integer, NNBSP) + (f",{fraction}" if decimals else "")
    return f"{sign}{number}{NBSP}MAD"
