"""Ship the default capacity framework (tiwizi/assessment/data/default_framework.json):
6 dimensions for Moroccan cooperatives, in Arabic, French and English, published as
version 1. Historical models have no custom save(), so the version is built as a draft
and published last, as services.publish_version would."""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data" / "default_framework.json"


def load(apps, schema_editor):
    alias = schema_editor.connection.alias
    Framework = apps.get_model("assessment", "Framework")
    FrameworkVersion = apps.get_model("assessment", "FrameworkVersion")
    Dimension = apps.get_model("assessment", "Dimension")
    Question = apps.get_model("assessment", "Question")
    Level = apps.get_model("assessment", "Level")
    data = json.loads(DATA.read_text(encoding="utf-8"))

    framework, _created = Framework.objects.using(alias).get_or_create(
        code=data["code"],
        defaults={
            **{f"name_{lang}": text for lang, text in data["name"].items()},
            **{f"description_{lang}": text for lang, text in data["description"].items()},
        },
    )
    number = data["version"]["number"]
    if FrameworkVersion.objects.using(alias).filter(framework=framework, number=number).exists():
        return
    version = FrameworkVersion.objects.using(alias).create(
        framework=framework, number=number, notes=data["version"]["notes"]
    )
    for d_position, dimension in enumerate(data["dimensions"], start=1):
        dimension_row = Dimension.objects.using(alias).create(
            version=version,
            code=dimension["code"],
            position=d_position,
            **{f"name_{lang}": text for lang, text in dimension["name"].items()},
            **{f"description_{lang}": text for lang, text in dimension["description"].items()},
        )
        for q_position, question in enumerate(dimension["questions"], start=1):
            question_row = Question.objects.using(alias).create(
                dimension=dimension_row,
                code=question["code"],
                position=q_position,
                **{f"text_{lang}": text for lang, text in question["text"].items()},
            )
            Level.objects.using(alias).bulk_create(
                Level(
                    question=question_row,
                    value=value,
                    **{f"description_{lang}": text for lang, text in level.items()},
                )
                for value, level in enumerate(question["levels"])
            )
    version.status = "published"
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])


def unload(apps, schema_editor):
    # Refused by the database (PROTECT) once assessments use the framework.
    Framework = apps.get_model("assessment", "Framework")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    Framework.objects.using(schema_editor.connection.alias).filter(code=data["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
