"""Form helpers shared by every app: Bootstrap classes on widgets, set in one place.

Templates render fields through components/field.html, which prints `{{ field }}`;
the classes it needs (and `is-invalid` after a failed submit) come from this mixin, so
no template has to reach into widget attributes.
"""

from typing import Any

from django import forms

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


def _base_class(widget: forms.Widget) -> str:
    if isinstance(widget, _CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, _SELECT_WIDGETS):
        return "form-select"
    return "form-control"


def _add_class(widget: forms.Widget, css_class: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css_class not in classes:
        widget.attrs["class"] = " ".join([*classes, css_class])


class BootstrapFormMixin:
    """Give every visible widget Bootstrap's class, and `is-invalid` when it has errors."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.widget.is_hidden:
                _add_class(field.widget, _base_class(field.widget))

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self._errors or {}:
            if name in self.fields and not self.fields[name].widget.is_hidden:
                _add_class(self.fields[name].widget, "is-invalid")
