#!/usr/bin/env python3
"""Compile the .po catalogues under tiwizi/locale into .mo files, in pure Python.

Users never need GNU gettext: the compiled .mo files are committed, and this script
(polib, from the dev lock) rebuilds them. `--check` fails when a .mo is missing or no
longer matches its .po, so CI catches a forgotten compile.
"""

import argparse
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "tiwizi" / "locale"


def _entries(catalog: polib._BaseFile) -> dict[tuple[str | None, str], object]:
    out: dict[tuple[str | None, str], object] = {}
    for entry in catalog:
        # A .mo holds only translated entries; English msgids need no msgstr.
        translated = entry.msgstr or any(entry.msgstr_plural.values())
        if entry.obsolete or "fuzzy" in entry.flags or not translated:
            continue
        value = (
            tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        out[(entry.msgctxt, entry.msgid)] = value
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify, do not write")
    args = parser.parse_args()
    stale = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        po = polib.pofile(str(po_path))
        if args.check:
            if not mo_path.exists() or _entries(polib.mofile(str(mo_path))) != _entries(po):
                stale.append(mo_path)
            continue
        po.save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(LOCALE.parent.parent)}")
    if stale:
        for path in stale:
            print(f"out of date: {path} (run: make messages)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
