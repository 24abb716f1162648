from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.assessment.models import (
    ActionStatus,
    CyclePhase,
    Effectiveness,
    ImprovementAction,
)
from cabildo.core.forms import form_field, set_choice_labels
from cabildo.core.models import Area, Entity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentCreateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Vigencia"),
        min_value=2017,
        max_value=2100,
        error_messages={
            "invalid": _("Escriba un año válido, p. ej. 2024."),
            "min_value": _("La vigencia debe ser 2017 o posterior (MIPG)."),
            "max_value": _("La vigencia no es válida."),
            "required": _("Indique la vigencia."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ScoreEvidenceForm(forms.Form):
    evidence_text = forms.CharField(
        label=_("Evidencias"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_links = forms.CharField(
        label=_("Enlaces de evidencia"),
        required=False,
        help_text=_("Una dirección por línea (http o https)."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    observations = forms.CharField(
        label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Archivo de evidencia"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word, Excel o PowerPoint; máximo 10 MB."),
    )


class FindingsForm(forms.Form):
    def __init__(self, *args: Any, findings: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        findings = findings or {}
        for phase, label in CyclePhase.choices:
            current = findings.get(phase)
            self.fields[f"{phase}_strengths"] = forms.CharField(
                label=_("Fortalezas: %(phase)s") % {"phase": label},
                required=False,
                initial=current.strengths if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{phase}_weaknesses"] = forms.CharField(
                label=_("Debilidades: %(phase)s") % {"phase": label},
                required=False,
                initial=current.weaknesses if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def findings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            phase: (data[f"{phase}_strengths"], data[f"{phase}_weaknesses"])
            for phase in CyclePhase.values
        }


class FuragForm(forms.Form):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2017, max_value=2100)
    participation_index = forms.DecimalField(
        label=_("Índice de participación ciudadana (FURAG, 0–100)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "min_value": _("El índice debe estar entre 0 y 100."),
            "max_value": _("El índice debe estar entre 0 y 100."),
            "invalid": _("Escriba un número entre 0 y 100."),
        },
    )
    notes = forms.CharField(label=_("Observaciones"), required=False, max_length=300)


class PlanGenerateForm(forms.Form):
    threshold_level = forms.TypedChoiceField(
        label=_("Proponer acciones para actividades con nivel igual o inferior a"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=3,
    )


class PlanForm(forms.Form):
    document_code = forms.CharField(label=_("Código del documento"), max_length=40, required=False)
    document_version = forms.CharField(label=_("Versión"), max_length=20, initial="1")
    prepared_by_name = forms.CharField(label=_("Elaboró (nombre)"), max_length=200, required=False)
    prepared_by_role = forms.CharField(label=_("Elaboró (cargo)"), max_length=200, required=False)
    prepared_on = forms.DateField(
        label=_("Fecha de elaboración"), required=False, widget=DateInput()
    )
    approved_by_body = forms.CharField(
        label=_("Aprobó (instancia)"), max_length=200, required=False
    )
    approval_act = forms.CharField(label=_("Acta de aprobación"), max_length=100, required=False)
    approved_on = forms.DateField(
        label=_("Fecha de aprobación"), required=False, widget=DateInput()
    )


class ActionForm(forms.Form):
    improvement_alternative = forms.CharField(
        label=_("Alternativa de mejora"), widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ModelChoiceField(
        label=_("Dependencia responsable"), queryset=Area.objects.none(), required=False
    )
    responsible = forms.ModelChoiceField(
        label=_("Persona responsable"), queryset=User.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Fecha de inicio"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Fecha límite"), required=False, widget=DateInput())
    deadline_months = forms.IntegerField(
        label=_("O plazo en meses desde la aprobación"),
        required=False,
        min_value=1,
        max_value=36,
        error_messages={
            "min_value": _("El plazo debe ser de 1 a 36 meses."),
            "max_value": _("El plazo debe ser de 1 a 36 meses."),
        },
    )
    expected_evidence = forms.CharField(
        label=_("Evidencia esperada"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).filter(is_active=True)
        form_field(self, "responsible", forms.ModelChoiceField).queryset = (
            User.objects.filter(memberships__entity=entity, is_active=True)
            .distinct()
            .order_by("full_name")
        )
        set_choice_labels(self, "responsible", lambda u: u.full_name)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("deadline") and not data.get("deadline_months"):
            self.add_error("deadline", _("Indique una fecha límite o un plazo en meses."))
        return data

    @staticmethod
    def initial_for(action: ImprovementAction) -> dict[str, Any]:
        return {
            "improvement_alternative": action.improvement_alternative,
            "area": action.area_id,
            "responsible": action.responsible_id,
            "start_date": action.start_date,
            "deadline": action.deadline,
            "deadline_months": action.deadline_months,
            "expected_evidence": action.expected_evidence,
        }


class TrackForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label=_("Avance (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("El avance debe estar entre 0 y 100."),
            "max_value": _("El avance debe estar entre 0 y 100."),
        },
    )
    comment = forms.CharField(
        label=_("Comentario"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(
        label=_("Evidencia"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word, Excel o PowerPoint; máximo 10 MB."),
    )


class ReviewForm(forms.Form):
    result = forms.ChoiceField(label=_("Resultado"), choices=Effectiveness.choices)
    reviewed_on = forms.DateField(label=_("Fecha de la evaluación"), widget=DateInput())
    justification = forms.CharField(
        label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed_on"].initial = timezone.localdate()


class PlanMatrixImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Plan de mejoramiento en Excel (.xlsx) o CSV"),
        help_text=_(
            "El formato del plan aprobado: CATEGORÍAS, ACTIVIDADES DE GESTIÓN, DISEÑE "
            "ALTERNATIVAS DE MEJORA, FECHA («5 meses» o una fecha) y EVALUACIÓN DE LA EFICACIA."
        ),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError(_("El archivo supera el tamaño máximo de 5 MB."))
        return file


class PlanFromPreviousForm(forms.Form):
    """A confirmation button: nothing to fill."""
