"""Views of the policy cycle (staff and public). Thin: forms in, services, selectors out."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.consultations.views import CommentFilingMixin
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import (
    EntityFormView,
    EntityObjectMixin,
    ObjectFormView,
    PublicPageCacheMixin,
    StaffPermissionMixin,
)
from cabildo.policies import forms, selectors, services
from cabildo.policies.models import (
    Draft,
    DraftComment,
    DraftStatus,
    PlanAction,
    PlanComponent,
    PlanLine,
    Policy,
    PolicyStage,
)


def _policy_url(pk: int, anchor: str = "") -> str:
    return reverse("policies:policy_detail", args=[pk]) + anchor


def _draft_url(pk: int, anchor: str = "") -> str:
    return reverse("policies:draft_detail", args=[pk]) + anchor


def _errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# Policies ----------------------------------------------------------------------------------


class PolicyListView(StaffPermissionMixin, ListView):
    permission_required = "policies.view_policy"
    template_name = "policies/policy_list.html"
    context_object_name = "policies"

    def get_queryset(self) -> Any:
        return selectors.policies(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm("policies.add_policy", _entity(self.request)),
            **kwargs,
        )


class PolicyCreateView(EntityFormView):
    permission_required = "policies.add_policy"
    form_class = forms.PolicyForm
    success_message = _lazy("Política creada con sus etapas. Registre el diagnóstico.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": _entity(self.request)}

    def get_title(self) -> str:
        return _("Nueva política o reglamentación")

    def get_back(self) -> str:
        return reverse("policies:policy_list")

    def save(self, form: forms.PolicyForm) -> Any:
        return services.policy_save(policy=form.instance)

    def get_success_url(self) -> str:
        return _policy_url(self.saved.pk)


class PolicyObjectMixin(EntityObjectMixin):
    model = Policy
    object_model = Policy
    object_select_related = ("area",)


class PolicyDetailView(StaffPermissionMixin, PolicyObjectMixin, TemplateView):
    permission_required = "policies.view_policy"
    template_name = "policies/policy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        policy = self.get_object()
        user = self.request.user
        return super().get_context_data(
            policy=policy,
            journey=selectors.journey(policy=policy),
            drafts=selectors.drafts(policy=policy),
            plan=selectors.operating_plan(policy=policy),
            today=selectors.today(),
            can_manage=user.has_perm("policies.change_policy", policy),
            can_draft=user.has_perm("policies.change_draft", policy),
            **kwargs,
        )


class PolicyCronogramaView(StaffPermissionMixin, PolicyObjectMixin, TemplateView):
    """The plan operativo's cronograma by month and week (staff)."""

    permission_required = "policies.view_policy"
    template_name = "policies/cronograma.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        policy = self.get_object()
        return super().get_context_data(
            policy=policy,
            crono=selectors.weekly_cronograma(policy=policy),
            can_manage=self.request.user.has_perm("policies.change_policy", policy),
            **kwargs,
        )


class PolicyUpdateView(PolicyObjectMixin, ObjectFormView):
    permission_required = "policies.change_policy"
    form_class = forms.PolicyForm
    success_message = _lazy("Política actualizada.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.obj.entity, "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)

    def get_back(self) -> str:
        return _policy_url(self.obj.pk)

    def save(self, form: forms.PolicyForm) -> Any:
        return services.policy_save(policy=form.instance)


class PolicyPublishView(StaffPermissionMixin, PolicyObjectMixin, View):
    permission_required = "policies.change_policy"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        policy = self.get_object()
        publish = request.POST.get("publish") == "1"
        services.policy_publish(policy=policy, publish=publish)
        messages.success(
            request,
            _("Política publicada en el portal.")
            if publish
            else _("Política retirada del portal."),
        )
        return redirect(_policy_url(policy.pk))


# Stages ------------------------------------------------------------------------------------


class StageObjectMixin(EntityObjectMixin):
    model = PolicyStage
    object_model = PolicyStage
    object_select_related = ("policy",)


class StageUpdateView(StageObjectMixin, ObjectFormView):
    permission_required = "policies.change_policystage"
    form_class = forms.StageForm
    success_message = _lazy("Etapa actualizada.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)

    def get_back(self) -> str:
        return _policy_url(self.obj.policy_id, f"#etapa-{self.obj.pk}")

    def save(self, form: forms.StageForm) -> Any:
        data = form.cleaned_data
        return services.stage_save(
            stage=form.instance,
            events=data["events"],
            bodies=data["bodies"],
            stakeholder_groups=data["stakeholder_groups"],
        )


class DocumentCreateView(StageObjectMixin, ObjectFormView):
    permission_required = "policies.change_policystage"
    form_class = forms.DocumentForm
    success_message = _lazy("Documento agregado a la etapa.")

    def get_title(self) -> str:
        return _("Documento de la etapa: %(stage)s") % {"stage": self.obj}

    def get_back(self) -> str:
        return _policy_url(self.obj.policy_id, f"#etapa-{self.obj.pk}")

    def save(self, form: forms.DocumentForm) -> Any:
        return services.document_add(stage=self.obj, **form.cleaned_data)


# Drafts ------------------------------------------------------------------------------------


class DraftCreateView(PolicyObjectMixin, ObjectFormView):
    permission_required = "policies.change_draft"
    form_class = forms.DraftForm
    success_message = _lazy("Versión del borrador creada. Revísela y publíquela.")

    def latest(self) -> Draft | None:
        return self.obj.drafts.order_by("-number").first()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        latest = self.latest()
        kwargs["first"] = latest is None
        if latest is not None and "data" not in kwargs:
            kwargs["initial"] = {**forms.DraftForm.initial_for(latest), "changes": ""}
        return kwargs

    def get_title(self) -> str:
        latest = self.latest()
        number = latest.number + 1 if latest else 1
        return _("Borrador, versión %(n)s: %(policy)s") % {"n": number, "policy": self.obj}

    def get_back(self) -> str:
        return _policy_url(self.obj.pk, "#borradores")

    def save(self, form: forms.DraftForm) -> Any:
        return services.draft_create(policy=self.obj, **form.cleaned_data)

    def get_success_url(self) -> str:
        return _draft_url(self.saved.pk)


class DraftObjectMixin(EntityObjectMixin):
    model = Draft
    object_model = Draft
    object_select_related = ("policy",)


class DraftDetailView(StaffPermissionMixin, DraftObjectMixin, TemplateView):
    permission_required = "policies.view_policy"
    template_name = "policies/draft_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        draft = self.get_object()
        user = self.request.user
        previous = selectors.previous_draft(draft=draft)
        return super().get_context_data(
            draft=draft,
            policy=draft.policy,
            articles=selectors.articles(draft=draft),
            comments=selectors.comments(draft=draft),
            figures=selectors.comment_figures(draft=draft),
            previous=previous,
            diff=selectors.diff(old=previous, new=draft) if previous else None,
            publish_form=forms.PublishForm(initial={"start_date": selectors.today()}),
            is_open=draft.is_open(selectors.today()),
            has_closed=draft.has_closed(selectors.today()),
            can_draft=user.has_perm("policies.change_draft", draft),
            can_answer=user.has_perm("policies.answer_draftcomment", draft),
            **kwargs,
        )


class DraftUpdateView(DraftObjectMixin, ObjectFormView):
    permission_required = "policies.change_draft"
    form_class = forms.DraftForm
    success_message = _lazy("Borrador actualizado.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["first"] = self.obj.number == 1
        if "data" not in kwargs:
            kwargs["initial"] = forms.DraftForm.initial_for(self.obj)
        return kwargs

    def get_title(self) -> str:
        return str(self.obj)

    def get_back(self) -> str:
        return _draft_url(self.obj.pk)

    def save(self, form: forms.DraftForm) -> Any:
        data = {"changes": "", **form.cleaned_data}
        return services.draft_update(draft=self.obj, **data)


class DraftPublishView(DraftObjectMixin, ObjectFormView):
    permission_required = "policies.change_draft"
    form_class = forms.PublishForm
    success_message = _lazy("Versión publicada.")

    def get_initial(self) -> dict[str, Any]:
        return {"start_date": selectors.today()}

    def get_title(self) -> str:
        return _("Publicar: %(draft)s") % {"draft": self.obj}

    def get_back(self) -> str:
        return _draft_url(self.obj.pk)

    def save(self, form: forms.PublishForm) -> Any:
        data = form.cleaned_data
        if data["with_consultation"]:
            return services.draft_publish(
                draft=self.obj,
                start_date=data["start_date"],
                business_days=data["business_days"],
            )
        return services.draft_publish(draft=self.obj)


class ReportPublishView(StaffPermissionMixin, DraftObjectMixin, View):
    permission_required = "policies.change_draft"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        draft = self.get_object()
        try:
            services.report_publish(draft=draft)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("Informe de observaciones publicado."))
        return redirect(_draft_url(draft.pk))


class CommentObjectMixin(EntityObjectMixin):
    model = DraftComment
    object_model = DraftComment
    object_select_related = ("draft__policy", "article")


class CommentAnswerView(CommentObjectMixin, ObjectFormView):
    template_name = "policies/comment_form.html"
    permission_required = "policies.answer_draftcomment"
    form_class = forms.AnswerForm
    success_message = _lazy("Respuesta registrada.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "draft": self.obj.draft}
        if "data" not in kwargs and self.obj.is_answered:
            kwargs["initial"] = {
                "answer": self.obj.answer,
                "reason": self.obj.reason,
                "changed_in": self.obj.changed_in_id,
            }
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(comment=self.obj, **kwargs)

    def get_title(self) -> str:
        return _("Responder el comentario")

    def get_back(self) -> str:
        return _draft_url(self.obj.draft_id, f"#comentario-{self.obj.pk}")

    def save(self, form: forms.AnswerForm) -> Any:
        return services.comment_answer(
            comment=self.obj, user=self.request.user, **form.cleaned_data
        )


class CommentHideView(CommentObjectMixin, ObjectFormView):
    template_name = "policies/comment_form.html"
    permission_required = "policies.answer_draftcomment"
    form_class = forms.HideForm
    success_message = _lazy("Comentario ocultado por moderación.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(comment=self.obj, **kwargs)

    def get_title(self) -> str:
        return _("Ocultar el comentario por moderación")

    def get_back(self) -> str:
        return _draft_url(self.obj.draft_id, f"#comentario-{self.obj.pk}")

    def save(self, form: forms.HideForm) -> Any:
        return services.comment_hide(
            comment=self.obj, reason=form.cleaned_data["reason"], user=self.request.user
        )


# Plan operativo ----------------------------------------------------------------------------


class PlanFormView(ObjectFormView):
    """A form of the plan operativo about the URL's row: ``save`` hands the form's instance to
    ``saver`` (the service, as its ``saved_as`` argument); back to the policy's plan operativo,
    whose id is ``policy_path`` away from the row."""

    policy_path: str
    saver: Callable[..., Any]
    saved_as: str

    def get_back(self) -> str:
        return _policy_url(attrgetter(self.policy_path)(self.obj), "#plan-operativo")

    def save(self, form: Any) -> Any:
        return self.saver(**{self.saved_as: form.instance})


class PlanChildCreateView(PlanFormView):
    """A new row of the plan operativo under the URL's row (a component under a policy, a line
    under a component, an action under a line)."""

    permission_required = "policies.change_policy"
    child_model: Any
    parent_field: str
    title: Any  # with %(parent)s

    def get_form_kwargs(self) -> dict[str, Any]:
        child = self.child_model(entity=self.obj.entity, **{self.parent_field: self.obj})
        return {**super().get_form_kwargs(), "instance": child}

    def get_title(self) -> str:
        return str(self.title) % {"parent": self.obj}


class ComponentCreateView(PolicyObjectMixin, PlanChildCreateView):
    form_class = forms.ComponentForm
    success_message = _lazy("Componente agregado al plan operativo.")
    child_model, parent_field, policy_path = PlanComponent, "policy", "pk"
    saver, saved_as = staticmethod(services.component_save), "component"
    title = _lazy("Nuevo componente del plan operativo: %(parent)s")


class LineCreateView(PlanChildCreateView):
    model = object_model = PlanComponent
    object_select_related = ("policy",)
    form_class = forms.LineForm
    success_message = _lazy("Línea agregada al componente.")
    child_model, parent_field, policy_path = PlanLine, "component", "policy_id"
    saver, saved_as = staticmethod(services.line_save), "line"
    title = _lazy("Nueva línea de acción: %(parent)s")


class ActionCreateView(PlanChildCreateView):
    model = object_model = PlanLine
    object_select_related = ("component",)
    form_class = forms.ActionForm
    success_message = _lazy("Acción agregada al plan operativo.")
    child_model, parent_field, policy_path = PlanAction, "line", "component.policy_id"
    saver, saved_as = staticmethod(services.action_save), "action"
    title = _lazy("Nueva acción: %(parent)s")


class ActionUpdateView(PlanFormView):
    model = object_model = PlanAction
    object_select_related = ("line__component",)
    permission_required = "policies.change_planaction"
    form_class = forms.ActionForm
    success_message = _lazy("Acción actualizada.")
    policy_path = "line.component.policy_id"
    saver, saved_as = staticmethod(services.action_save), "action"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.obj}

    def get_title(self) -> str:
        return str(self.obj)


# Public ------------------------------------------------------------------------------------


class PublicIndexView(PublicPageCacheMixin, TemplateView):
    template_name = "policies/public_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        return super().get_context_data(
            policies=list(selectors.policies(entity=entity, published_only=True)),
            open_drafts=selectors.open_drafts(entity=entity, on=selectors.today()),
            **kwargs,
        )


class PublicPolicyView(PublicPageCacheMixin, TemplateView):
    template_name = "policies/public_policy.html"
    model = Policy

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        policy = get_object_or_404(
            Policy.objects.for_entity(_entity(self.request))
            .filter(is_published=True)
            .select_related("area"),
            pk=self.kwargs["pk"],
        )
        return super().get_context_data(
            policy=policy,
            journey=selectors.journey(policy=policy),
            drafts=selectors.drafts(policy=policy, published_only=True),
            plan=selectors.operating_plan(policy=policy),
            today=selectors.today(),
            **kwargs,
        )


class PublicCronogramaView(PublicPageCacheMixin, TemplateView):
    """The plan operativo's cronograma by month and week, on the policy's public page."""

    template_name = "policies/cronograma.html"
    model = Policy

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        policy = get_object_or_404(
            Policy.objects.for_entity(_entity(self.request)).filter(is_published=True),
            pk=self.kwargs["pk"],
        )
        return super().get_context_data(
            policy=policy, crono=selectors.weekly_cronograma(policy=policy), public=True, **kwargs
        )


def _public_draft(request: HttpRequest, pk: int) -> Draft:
    return get_object_or_404(
        Draft.objects.for_entity(_entity(request)).published().select_related("policy"), pk=pk
    )


class PublicDraftView(CommentFilingMixin, FormView):
    """A published draft: its articles, the comment form while the window is open, and every
    comment with its answer (not cached: the form keeps what was typed). Filing is the
    general consultation's (``consultations.views.CommentFilingMixin``)."""

    template_name = "policies/public_draft.html"
    form_class = forms.CommentForm
    throttle_scope = "policy_comment"
    model = Draft
    spam_message = _lazy("Gracias. Su comentario fue recibido.")
    received_message = _lazy(
        "Gracias. Su comentario fue recibido; la entidad publicará su respuesta."
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.draft = _public_draft(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "draft": self.draft}
        article = self.request.GET.get("articulo", "")
        if article.isdigit() and "data" not in kwargs:
            kwargs["initial"] = {"article": int(article)}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        draft = self.draft
        today = selectors.today()
        previous = selectors.previous_draft(draft=draft)
        return super().get_context_data(
            draft=draft,
            policy=draft.policy,
            articles=selectors.articles(draft=draft),
            comments=selectors.comments(draft=draft),
            is_open=draft.is_open(today),
            has_closed=draft.has_closed(today),
            previous=previous if previous and previous.status == DraftStatus.PUBLISHED else None,
            **kwargs,
        )

    def file_comment(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.comment_submit(
            draft=self.draft,
            text=data["text"],
            consent_given=data["consent"],
            article=data.get("article"),
            email=data.get("email", ""),
            request=self.request,
        )


class PublicDiffView(PublicPageCacheMixin, TemplateView):
    template_name = "policies/public_diff.html"
    model = Draft

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        draft = _public_draft(self.request, self.kwargs["pk"])
        previous = selectors.previous_draft(draft=draft)
        if previous is None or previous.status != DraftStatus.PUBLISHED:
            raise Http404(_("Esta es la primera versión publicada."))
        return super().get_context_data(
            draft=draft,
            policy=draft.policy,
            previous=previous,
            diff=selectors.diff(old=previous, new=draft),
            **kwargs,
        )


def _report_context(draft: Draft) -> dict[str, Any]:
    return {
        "draft": draft,
        "policy": draft.policy,
        "entity": draft.entity,
        "comments": selectors.comments(draft=draft, visible_only=True),
        "figures": selectors.comment_figures(draft=draft),
    }


def _published_report(request: HttpRequest, pk: int) -> Draft:
    draft = _public_draft(request, pk)
    if draft.report_published_at is None:
        raise Http404(_("El informe de observaciones aún no se ha publicado."))
    return draft


class PublicReportView(PublicPageCacheMixin, TemplateView):
    template_name = "policies/public_report.html"
    model = Draft

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        draft = _published_report(self.request, self.kwargs["pk"])
        return super().get_context_data(**_report_context(draft), **kwargs)


class PublicReportPdfView(View):
    model = Draft

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.template.loader import render_to_string
        from weasyprint import HTML

        from cabildo.plans.pdf import css_string

        draft = _published_report(request, pk)
        context = _report_context(draft)
        context["page_header"] = css_string(f"{draft.entity.name} · {draft.title}")
        html = render_to_string("policies/report_pdf.html", context, request=request)
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        name = f"informe-observaciones-{draft.pk}-v{draft.number}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
