from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import EntityKind
from cabildo.portal.models import AttentionChannel


class AttentionChannelForm(forms.ModelForm):
    class Meta:
        model = AttentionChannel
        fields = ["kind", "name", "contact", "hours", "notes", "order", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class EntityDirectoryForm(forms.Form):
    """The search of the directory of entities (``/`` on the shared site)."""

    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        help_text=_("Nombre de la entidad, municipio o departamento."),
    )
    # Any department name is a valid filter (an unknown one finds nothing); the template offers
    # those of the active entities (``departments``).
    departamento = forms.CharField(label=_("Departamento"), required=False, max_length=80)
    tipo = forms.ChoiceField(
        label=_("Tipo de entidad"),
        required=False,
        choices=[("", _("Todos")), *EntityKind.choices],
    )

    departments: list[str] = []

    def clean_q(self) -> str:
        return str(self.cleaned_data.get("q", "")).replace("\x00", "").strip()

    def clean_departamento(self) -> str:
        return str(self.cleaned_data.get("departamento", "")).replace("\x00", "").strip()

    def set_departments(self, departments: list[str]) -> None:
        self.departments = departments
