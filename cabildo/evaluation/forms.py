from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field, set_choice_labels
from cabildo.core.models import Area, Entity
from cabildo.evaluation.models import (
    GoodPractice,
    Indicator,
    MurcStage,
    ReportAudience,
    ReportFormat,
)
from cabildo.evaluation.services import INDICATOR_FIELDS
from cabildo.plans import selectors as plan_selectors
from cabildo.plans.models import PlannedActivity


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {"management_activity": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).order_by("name")
        # Activities of the plan versions in force; an indicator keeps the one it has.
        in_force = plan_selectors.activities_in_force(entity=entity)
        keep = self.instance.activity_id or 0
        form_field(self, "activity", forms.ModelChoiceField).queryset = (
            PlannedActivity.objects.for_entity(entity)
            .filter(Q(pk__in=in_force.values("pk")) | Q(pk=keep))
            .select_related("version__plan")
            .order_by("-version__plan__year", "-version__number", "order")
        )
        set_choice_labels(self, "activity", plan_selectors.activity_choice_label)


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Periodo"),
        min_value=1,
        max_value=12,
        help_text=_(
            "1 para indicadores anuales; 1-2 semestrales; 1-4 trimestrales; 1-12 mensuales."
        ),
    )
    numerator = forms.DecimalField(
        label=_("Numerador"), min_value=0, max_digits=12, decimal_places=2
    )
    denominator = forms.DecimalField(
        label=_("Denominador"), min_value=0, max_digits=12, decimal_places=2
    )
    notes = forms.CharField(
        label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidencia"),
        required=False,
        help_text=_("PDF, imagen PNG o JPEG, DOCX, XLSX, ODT u ODS; máximo 10 MB."),
    )
    reason = forms.CharField(
        label=_("Motivo del reemplazo"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Obligatorio si el periodo ya tiene una medición: la nueva la reemplaza y la "
            "anterior queda en el historial con su autor, fecha y motivo."
        ),
    )


class GoodPracticeForm(forms.ModelForm):
    evidence_upload = forms.FileField(
        label=_("Evidencia"),
        required=False,
        help_text=_("PDF, imagen PNG o JPEG, DOCX, XLSX, ODT u ODS; máximo 10 MB."),
    )

    class Meta:
        model = GoodPractice
        fields = ["year", "title", "description", "area"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).order_by("name")


class EvaluationForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Conclusiones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Análisis de los resultados, fortalezas, debilidades y recomendaciones."),
    )
    publish = forms.BooleanField(
        label=_("Publicar la evaluación en el portal (cifras sin datos personales)"),
        required=False,
    )


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(label=_("Formato"), choices=ReportFormat.choices)
    audience = forms.ChoiceField(
        label=_("Versión"), choices=ReportAudience.choices, initial=ReportAudience.INTERNAL
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Etapa MURC"), choices=MurcStage.choices)
