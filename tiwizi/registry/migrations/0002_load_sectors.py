"""Ship the sector taxonomy (tiwizi/registry/data/sectors.csv) with names in three languages."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "sectors.csv"


def load(apps, schema_editor):
    Sector = apps.get_model("registry", "Sector")
    with open(DATA, encoding="utf-8", newline="") as handle:
        for position, row in enumerate(csv.DictReader(handle), start=1):
            Sector.objects.using(schema_editor.connection.alias).update_or_create(
                code=row["code"],
                defaults={"name_ar": row["name_ar"], "name_fr": row["name_fr"],
                          "name_en": row["name_en"], "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
