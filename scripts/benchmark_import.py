"""Benchmark of the people import: generate a file, import it into a fresh SQLite
database, print rows per second. Not a test: a figure to watch (target: 5,000 rows/s).

    .venv/bin/python scripts/benchmark_import.py               # 100,000 rows, .xlsx
    .venv/bin/python scripts/benchmark_import.py --format csv --rows 20000
    .venv/bin/python scripts/benchmark_import.py --profile     # cProfile of the commit

The script builds its own database in a temporary directory (DATABASE_URL points there
before Django starts), migrates it, and removes it at the end. It times the two steps a
user goes through: the check (preview) and the commit (check again, then write in one
transaction), each reading the stored file from disk.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAST_LATIN = ["Aït Ali", "Benali", "Ouchen", "El Idrissi", "Amrani", "Bakkali", "Tazi", "Ouali"]
FIRST_LATIN = ["Fatima", "Khadija", "Aicha", "Zahra", "Mohamed", "Ahmed", "Youssef", "Hassan"]
LAST_AR = ["آيت علي", "بنعلي", "أوشن", "الإدريسي", "العمراني", "البقالي", "التازي", "والي"]
FIRST_AR = ["فاطمة", "خديجة", "عائشة", "زهرة", "محمد", "أحمد", "يوسف", "حسن"]
HEADERS = [
    "Last name (Latin script)", "First name (Latin script)", "Last name (Arabic script)",
    "First name (Arabic script)", "Sex", "Year of birth", "Phone", "National ID (CIN)",
    "Organization", "Role", "Since",
]  # fmt: skip


def generate_rows(count: int, organizations: list[str]) -> list[list[object]]:
    rng = random.Random(2026)  # noqa: S311 (test data, not secrets)
    rows = []
    for n in range(count):
        index = rng.randrange(len(FIRST_LATIN))
        rows.append(
            [
                LAST_LATIN[rng.randrange(len(LAST_LATIN))],
                FIRST_LATIN[index],
                LAST_AR[rng.randrange(len(LAST_AR))],
                FIRST_AR[index],
                "Woman" if index < 4 else "Man",
                rng.randint(1950, 2005),
                f"06{n:08d}",
                f"B{n:06d}" if n < 1_000_000 else "",
                organizations[n % len(organizations)],
                "Member",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2010, 2024)}",
            ]
        )
    return rows


def file_bytes(rows: list[list[object]], file_format: str) -> bytes:
    if file_format == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(HEADERS)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--organizations", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the commit")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tiwizi-benchmark-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiwizi.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    settings.TIWIZI_IMPORT_ROOT = workdir / "files"
    settings.TIWIZI_IMPORT_MAX_BYTES = 100 * 1024 * 1024
    settings.TIWIZI_IMPORT_BACKGROUND_ROWS = 10**9  # time the work itself, not a queue
    # As in production: DEBUG keeps every query's text in memory, which a bulk import
    # (and nothing else here) would pay for.
    settings.DEBUG = False

    print(f"Database: {workdir / 'benchmark.sqlite3'} (migrating…)", flush=True)
    call_command("migrate", verbosity=0)

    from tiwizi.accounts.models import Grant, Role, User
    from tiwizi.imports import services
    from tiwizi.registry.models import Membership, Organization, Person

    ngo = Organization.objects.create(kind="ngo", name_fr="Association Benchmark")
    user = User.objects.create_user(email="benchmark@example.org", password="x" * 20)
    Grant.objects.create(user=user, organization=ngo, role=Role.PLATFORM_ADMIN)
    names = []
    for n in range(args.organizations):
        organization = Organization.objects.create(
            kind="cooperative", name_fr=f"Coopérative Benchmark {n + 1}", odco_number=f"B-{n + 1}"
        )
        names.append(organization.name_fr)

    rows = generate_rows(args.rows, names)
    data = file_bytes(rows, args.format)
    print(f"File: {args.rows:,} rows, {args.format}, {len(data) / 1e6:.1f} MB", flush=True)

    with translation.override("en"):
        started = time.perf_counter()
        job = services.start_import(
            user, "people", io.BytesIO(data), f"people.{args.format}", len(data), False
        )
        checked = time.perf_counter()
        if job.status != job.Status.READY:
            print("The file has problems:", job.errors[:5])
            sys.exit(1)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        job = services.confirm_import(user, job)
        if profiler:
            profiler.disable()
        finished = time.perf_counter()

    assert job.status == job.Status.DONE, (job.status, job.message)
    people, memberships = Person.objects.count(), Membership.objects.count()
    check_time, commit_time = checked - started, finished - checked
    print(f"People created: {people:,}; memberships: {memberships:,}")
    print(
        f"Check (upload, read, preview): {check_time:.2f} s = {args.rows / check_time:,.0f} rows/s"
    )
    print(
        f"Commit (read, check again, write): {commit_time:.2f} s = "
        f"{args.rows / commit_time:,.0f} rows/s"
    )
    print(
        f"Whole flow: {check_time + commit_time:.2f} s = "
        f"{args.rows / (check_time + commit_time):,.0f} rows/s"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
