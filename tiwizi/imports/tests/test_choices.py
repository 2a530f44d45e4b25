"""Fixed lists match what people type: inclusive labels in either form, any language."""

import pytest
from django.utils import translation

from tiwizi.imports.cells import CellError, Choices, gender_variants
from tiwizi.registry.models import MembershipRole


def test_inclusive_labels_match_each_form():
    assert set(gender_variants("عضو(ة)")) == {"عضو(ة)", "عضو", "عضوة"}
    assert set(gender_variants("Président(e)")) == {"Président(e)", "Président", "Présidente"}
    assert gender_variants("Membre") == ["Membre"]


@pytest.mark.parametrize("typed", ["عضو", "عضوة", "عضو(ة)", "member", "Membre", "MEMBER"])
def test_a_role_is_found_however_it_is_written(typed):
    roles = Choices(MembershipRole.choices)
    assert roles.parse(typed) == MembershipRole.MEMBER


def test_the_choices_are_listed_with_the_readers_comma():
    roles = Choices(MembershipRole.choices)
    with translation.override("ar"), pytest.raises(CellError) as refused:
        roles.parse("X")
    assert "، " in str(refused.value)
    with translation.override("en"), pytest.raises(CellError) as refused:
        roles.parse("X")
    assert "، " not in str(refused.value) and ", " in str(refused.value)
