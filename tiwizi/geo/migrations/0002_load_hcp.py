"""Load Morocco's 12 regions, 83 provinces and 1,503 communes from the HCP tables.

The CSV files beside the app (tiwizi/geo/data/, CC BY 4.0, © HCP) are the source of
truth; codes stay strings. Re-running is harmless: rows are matched on their code.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _population(row):
    return int(row["population_2024"]) if row.get("population_2024") else None


def load(apps, schema_editor):
    Region = apps.get_model("geo", "Region")
    Province = apps.get_model("geo", "Province")
    Commune = apps.get_model("geo", "Commune")
    db = schema_editor.connection.alias

    regions = {}
    for row in _rows("hcp_regions.csv"):
        regions[row["code"]], _ = Region.objects.using(db).update_or_create(
            code=row["code"],
            defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"],
                      "population_2024": _population(row)},
        )
    provinces = {}
    for row in _rows("hcp_provinces.csv"):
        provinces[row["code"]], _ = Province.objects.using(db).update_or_create(
            code=row["code"],
            defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"],
                      "kind": row["type"], "region": regions[row["region_code"]],
                      "population_2024": _population(row)},
        )
    existing = set(Commune.objects.using(db).values_list("code", flat=True))
    Commune.objects.using(db).bulk_create(
        [
            Commune(code=row["code"], name_fr=row["name_fr"], name_ar=row["name_ar"],
                    kind=row["type"], province=provinces[row["province_code"]],
                    population_2024=_population(row))
            for row in _rows("hcp_communes.csv")
            if row["code"] not in existing
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
