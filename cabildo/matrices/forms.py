from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.tabular import MAX_IMPORT_BYTES


class MatrixUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo de la matriz (XLSX o CSV)"),
        help_text=_("La matriz exportada de Cabildo, editada en Excel, o el libro de la entidad."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet,text/csv"
            }
        ),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("El archivo supera el tamaño máximo de 5 MB."))
        if not (file.name or "").lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                _("El archivo debe ser un libro de Excel (.xlsx) o un CSV exportado de la matriz.")
            )
        return file


class YearMatrixUploadForm(MatrixUploadForm):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)

    field_order = ["year", "file"]


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de los cambios"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
