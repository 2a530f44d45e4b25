"""The default framework shipped with the app, and versions: a published version is
immutable; a new version is drafted from an old one."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tiwizi.assessment import services
from tiwizi.assessment.models import (
    Dimension,
    FrameworkVersion,
    Level,
    PublishedVersionError,
    Question,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "default_framework.json"
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
DIMENSIONS = ["governance", "finance", "production", "marketing", "skills", "partnerships"]


def test_the_default_framework_is_published_with_six_dimensions(version):
    assert version.is_published and version.published_at is not None
    assert version.number == 1
    codes = list(version.dimensions.order_by("position").values_list("code", flat=True))
    assert codes == DIMENSIONS


def test_each_dimension_has_four_to_six_questions_each_with_five_levels(version):
    for dimension in version.dimensions.all():
        questions = list(dimension.questions.all())
        assert 4 <= len(questions) <= 6, dimension.code
        for question in questions:
            assert sorted(question.levels.values_list("value", flat=True)) == [0, 1, 2, 3, 4]


def test_every_text_exists_in_arabic_french_and_english(version):
    def check(obj, field):
        for lang in ("ar", "fr", "en"):
            assert getattr(obj, f"{field}_{lang}").strip(), f"{obj!r} {field}_{lang}"
        assert ARABIC_LETTER.search(getattr(obj, f"{field}_ar"))
        assert not ARABIC_LETTER.search(getattr(obj, f"{field}_fr"))

    for dimension in Dimension.objects.filter(version=version):
        check(dimension, "name")
        check(dimension, "description")
    for question in Question.objects.filter(dimension__version=version):
        check(question, "text")
    for level in Level.objects.filter(question__dimension__version=version):
        check(level, "description")


def test_arabic_texts_use_western_digits():
    text = DATA.read_text(encoding="utf-8")
    assert not ARABIC_INDIC_DIGITS.search(text)
    assert "112.12" in text  # the law on cooperatives, as Moroccan texts write it


def test_the_data_file_is_what_the_migration_loaded(version):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    governance = version.dimensions.get(code="governance")
    assert governance.name_fr == data["dimensions"][0]["name"]["fr"]
    first = governance.questions.order_by("position").first()
    assert first.text_ar == data["dimensions"][0]["questions"][0]["text"]["ar"]
    assert (
        first.levels.get(value=4).description_en
        == (data["dimensions"][0]["questions"][0]["levels"][4]["en"])
    )


# A published version never changes


def test_editing_a_question_of_a_published_version_raises(version):
    question = Question.objects.filter(dimension__version=version).first()
    question.text_fr = "Une autre question"
    with pytest.raises(PublishedVersionError):
        question.save()
    question.refresh_from_db()
    assert question.text_fr != "Une autre question"


def test_every_part_of_a_published_version_refuses_changes_and_deletion(version):
    dimension = version.dimensions.first()
    question = dimension.questions.first()
    level = question.levels.first()
    for obj in (version, dimension, question, level):
        with pytest.raises(PublishedVersionError):
            obj.save()
        with pytest.raises(PublishedVersionError):
            obj.delete()
    with pytest.raises(PublishedVersionError):
        Question.objects.filter(pk=question.pk).update(text_en="changed")
    with pytest.raises(PublishedVersionError):
        Level.objects.filter(pk=level.pk).delete()
    with pytest.raises(PublishedVersionError):
        Dimension.objects.filter(version=version).update(position=9)
    with pytest.raises(PublishedVersionError):
        FrameworkVersion.objects.filter(pk=version.pk).update(notes="changed")
    with pytest.raises(PublishedVersionError):
        Question.objects.create(
            dimension=dimension, code="new", text_ar="x", text_fr="x", text_en="x"
        )
    assert Question.objects.filter(pk=question.pk, text_en="changed").count() == 0


def test_a_question_cannot_be_moved_out_of_a_published_version(version):
    draft = services.draft_new_version(version)
    question = Question.objects.filter(dimension__version=version).first()
    question.dimension = draft.dimensions.first()
    with pytest.raises(PublishedVersionError):
        question.save()


# Drafting and publishing versions


def test_draft_new_version_deep_copies_dimensions_questions_and_levels(version, program_manager):
    draft = services.draft_new_version(version, actor=program_manager)
    assert (draft.framework_id, draft.number, draft.based_on_id) == (
        version.framework_id, 2, version.pk
    )  # fmt: skip
    assert not draft.is_published
    for lookup in ("version", "dimension__version", "question__dimension__version"):
        model = {"version": Dimension, "dimension__version": Question}.get(lookup, Level)
        assert model.objects.filter(**{lookup: draft}).count() == (
            model.objects.filter(**{lookup: version}).count()
        )
    copied = Question.objects.get(dimension__version=draft, code="governance-general-assembly")
    original = Question.objects.get(dimension__version=version, code="governance-general-assembly")
    assert copied.pk != original.pk
    assert copied.text_ar == original.text_ar
    assert list(copied.levels.values_list("value", "description_fr")) == list(
        original.levels.values_list("value", "description_fr")
    )


def test_a_draft_version_can_be_edited_and_the_published_one_stays(version):
    draft = services.draft_new_version(version)
    question = Question.objects.get(dimension__version=draft, code="finance-bank-account")
    question.text_en = "Does the cooperative have a bank account?"
    question.save()
    question.levels.get(value=0).delete()
    assert Question.objects.get(
        dimension__version=version, code="finance-bank-account"
    ).text_en.startswith("Does the cooperative have a bank account in its own name")


def test_only_one_draft_at_a_time(version):
    services.draft_new_version(version)
    with pytest.raises(ValidationError) as refused:
        services.draft_new_version(version)
    assert refused.value.code == "draft_exists"


def test_publishing_checks_the_version_is_complete(version, program_manager):
    draft = services.draft_new_version(version)
    Level.objects.filter(question__dimension__version=draft, value=3).first().delete()
    with pytest.raises(ValidationError) as refused:
        services.publish_version(program_manager, draft)
    assert "does not describe each level" in str(refused.value)
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_published_draft_becomes_immutable_and_the_newest(version, program_manager):
    draft = services.draft_new_version(version)
    published = services.publish_version(program_manager, draft)
    assert published.is_published
    assert FrameworkVersion.objects.latest_published() == published
    with pytest.raises(PublishedVersionError):
        services.publish_version(program_manager, published)
    question = Question.objects.filter(dimension__version=published).first()
    question.text_fr = "x"
    with pytest.raises(PublishedVersionError):
        question.save()


# The admin


@pytest.fixture
def superuser(make_user):
    return make_user(is_staff=True, is_superuser=True)


def test_the_admin_shows_a_published_version_read_only(client_for, superuser, version):
    client = client_for(superuser)
    url = reverse("admin:assessment_frameworkversion_change", args=[version.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="notes"' not in page.content  # no input: read-only
    assert b"dimensions-0-code" not in page.content
    question = Question.objects.filter(dimension__version=version).first()
    page = client.get(reverse("admin:assessment_question_change", args=[question.pk]))
    assert page.status_code == 200
    assert b'name="text_fr"' not in page.content
    posted = client.post(url, {"notes": "changed"})
    assert posted.status_code == 403
    version.refresh_from_db()
    assert version.notes != "changed"


def test_the_admin_edits_a_draft_and_publishes_it_with_an_action(client_for, superuser, version):
    client = client_for(superuser)
    draft = services.draft_new_version(version)
    page = client.get(reverse("admin:assessment_frameworkversion_change", args=[draft.pk]))
    assert b'name="notes"' in page.content
    response = client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_the_admin_drafts_a_new_version_with_an_action(client_for, superuser, version):
    client_for(superuser).post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "draft_new_version", "_selected_action": [version.pk]},
    )
    assert FrameworkVersion.objects.filter(based_on=version, status="draft").exists()
