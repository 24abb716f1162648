from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.consultations import forms as consultation_forms
from cabildo.core.forms import form_field
from cabildo.core.models import Area, Entity
from cabildo.policies.models import (
    Answer,
    Draft,
    DraftArticle,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyStage,
)
from cabildo.policies.services import comment_purpose_text, split_articles

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _areas(entity: Entity) -> Any:
    return Area.objects.for_entity(entity).filter(is_active=True).order_by("name")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["kind", "title", "summary", "area"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = _areas(entity)
        self.instance.entity = entity


class StageForm(forms.ModelForm):
    class Meta:
        model = PolicyStage
        fields = [
            "started_on",
            "finished_on",
            "area",
            "summary",
            "act_body",
            "act_number",
            "act_date",
            "events",
            "bodies",
            "stakeholder_groups",
        ]
        widgets = {
            "started_on": DATE,
            "finished_on": DATE,
            "act_date": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "events": forms.CheckboxSelectMultiple,
            "bodies": forms.CheckboxSelectMultiple,
            "stakeholder_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.bodies.models import ParticipationBody
        from cabildo.execution.models import Event
        from cabildo.stakeholders.models import StakeholderGroup

        super().__init__(*args, **kwargs)
        entity = self.instance.entity
        form_field(self, "area", forms.ModelChoiceField).queryset = _areas(entity)
        form_field(
            self, "events", forms.ModelMultipleChoiceField
        ).queryset = Event.objects.for_entity(entity).order_by("-starts_at")
        form_field(
            self, "bodies", forms.ModelMultipleChoiceField
        ).queryset = ParticipationBody.objects.for_entity(entity).order_by("name")
        form_field(
            self, "stakeholder_groups", forms.ModelMultipleChoiceField
        ).queryset = StakeholderGroup.objects.for_entity(entity).order_by("name")
        if not self.instance.has_act:
            for name in ("act_body", "act_number", "act_date"):
                del self.fields[name]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Documento"), max_length=300)
    url = forms.URLField(label=_("Enlace"), max_length=500, assume_scheme="https")
    issued_on = forms.DateField(label=_("Fecha"), required=False, widget=DATE)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Título del proyecto"), max_length=300)
    motives = forms.CharField(
        label=_("Exposición de motivos"), widget=forms.Textarea(attrs={"rows": 6})
    )
    articles = forms.CharField(
        label=_("Articulado"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Un artículo por párrafo, separados por una línea en blanco. La numeración es el "
            "orden: «Artículo 1.» al comienzo es opcional."
        ),
    )
    changes = forms.CharField(
        label=_("Cambios frente a la versión anterior"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, first: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first:
            del self.fields["changes"]

    def clean_articles(self) -> list[str]:
        articles = split_articles(self.cleaned_data["articles"])
        if not articles:
            raise forms.ValidationError(_("El borrador necesita al menos un artículo."))
        return articles

    @staticmethod
    def initial_for(draft: Draft) -> dict[str, Any]:
        return {
            "title": draft.title,
            "motives": draft.motives,
            "articles": "\n\n".join(a.text for a in draft.articles.order_by("number")),
            "changes": draft.changes,
        }


class PublishForm(forms.Form):
    with_consultation = forms.BooleanField(
        label=_("Abrir consulta ciudadana"), required=False, initial=True
    )
    start_date = forms.DateField(label=_("Inicio de la consulta"), required=False, widget=DATE)
    business_days = forms.IntegerField(
        label=_("Días hábiles de consulta"),
        required=False,
        min_value=1,
        max_value=60,
        initial=15,
        help_text=_("Contados desde el día hábil siguiente al inicio, sin festivos."),
    )


class CommentForm(consultation_forms.CommentForm):
    """The general consultation's comment form, on an article of this draft or the whole."""

    field_order = ["article", "text", "email", "consent"]

    article = forms.ModelChoiceField(
        label=_("¿Sobre qué artículo?"),
        queryset=DraftArticle.objects.none(),
        required=False,
        empty_label=_("Sobre el proyecto completo"),
    )

    def purpose_text(self) -> str:
        return comment_purpose_text()

    def __init__(self, *args: Any, draft: Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "article", forms.ModelChoiceField).queryset = draft.articles.order_by(
            "number"
        )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Respuesta"), choices=[c for c in Answer.choices if c[0] != Answer.PENDING]
    )
    reason = forms.CharField(
        label=_("Razón (respuesta pública)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    changed_in = forms.ModelChoiceField(
        label=_("Versión que recoge el cambio"),
        queryset=Draft.objects.none(),
        required=False,
        empty_label=_("Ninguna aún"),
    )

    def __init__(self, *args: Any, draft: Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "changed_in", forms.ModelChoiceField).queryset = Draft.objects.filter(
            policy_id=draft.policy_id, number__gt=draft.number
        ).order_by("number")


HideForm = consultation_forms.HideForm


class ComponentForm(forms.ModelForm):
    class Meta:
        model = PlanComponent
        fields = ["order", "name", "objective"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}


class LineForm(forms.ModelForm):
    class Meta:
        model = PlanLine
        fields = ["order", "name"]


class ActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = [
            "description",
            "goal",
            "owner_area",
            "owner_name",
            "starts_on",
            "due_date",
            "done_on",
            "activity",
            "event",
            "indicator",
        ]
        widgets = {"starts_on": DATE, "due_date": DATE, "done_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.evaluation.models import Indicator
        from cabildo.execution.models import Event
        from cabildo.plans.models import PlannedActivity

        super().__init__(*args, **kwargs)
        entity = self.instance.entity
        form_field(self, "owner_area", forms.ModelChoiceField).queryset = _areas(entity)
        form_field(self, "activity", forms.ModelChoiceField).queryset = (
            PlannedActivity.objects.for_entity(entity)
            .select_related("version__plan")
            .order_by("-version__plan__year", "order", "pk")
        )
        form_field(self, "event", forms.ModelChoiceField).queryset = Event.objects.for_entity(
            entity
        ).order_by("-starts_at")
        form_field(
            self, "indicator", forms.ModelChoiceField
        ).queryset = Indicator.objects.for_entity(entity).order_by("name")
