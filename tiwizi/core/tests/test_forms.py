"""Bootstrap classes come from one mixin, and invalid fields are marked for every user."""

from django import forms

from tiwizi.core.forms import BootstrapFormMixin


class SampleForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_widgets_get_bootstrap_classes():
    form = SampleForm()
    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert form.fields["agree"].widget.attrs["class"] == "form-check-input"
    assert "class" not in form.fields["token"].widget.attrs


def test_invalid_fields_are_marked_invalid():
    form = SampleForm(data={"name": "", "kind": "a"})
    assert not form.is_valid()
    html = str(form["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert "is-invalid" not in str(form["kind"])


def test_forms_do_not_share_widget_state():
    SampleForm(data={}).is_valid()
    assert "is-invalid" not in SampleForm().fields["name"].widget.attrs["class"]
