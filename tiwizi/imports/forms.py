from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiwizi.imports.readers import max_upload_bytes


class UploadForm(forms.Form):
    SKIP, UPDATE = "skip", "update"

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, at most %(limit)s MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    existing = forms.ChoiceField(
        label=_("Rows about records that already exist"),
        choices=[(SKIP, _("Skip them (keep what is stored)")), (UPDATE, _("Update them"))],
        initial=SKIP,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() / (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": f"{limit:g}"}

    @property
    def update_existing(self) -> bool:
        return self.cleaned_data.get("existing") == self.UPDATE
