"""Public policies and regulations as processes (Ley 1437 de 2011, art. 8 num. 8; Decreto
1081 de 2015 on the publication of draft regulations).

- :class:`Policy`: a política pública, acuerdo, decreto or resolución an entity makes, with
  its journey of stages (:class:`PolicyStage`, one row per :class:`StageKind`) — dates,
  responsible area, documents (:class:`StageDocument`) and the events, instancias and grupos
  de valor that took part, linked from their own modules, never copied;
- :class:`Draft`: one version of the draft text (exposición de motivos and
  :class:`DraftArticle` rows), published for a consultation window counted in business days;
- :class:`DraftComment`: a citizen's comment on one article or on the whole draft, answered
  (accepted, partly, rejected, with the reason) and listed in the informe de observaciones;
- :class:`PlanComponent` → :class:`PlanLine` → :class:`PlanAction`: the plan operativo that
  carries out the adopted policy, linking plan activities, events and indicators.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cabildo.consultations.models import (
    CaseText,
    Comment,
    CommentQuerySet,
    ConsultationWindow,
    Verdict,
)
from cabildo.core import dates
from cabildo.core.models import Area, TenantModel, TenantQuerySet


class PolicyKind(models.TextChoices):
    POLICY = "politica_publica", _("Política pública")
    # Other apps' "Proyecto de acuerdo" is a bill before the Concejo ("Bill"); here it is the
    # kind of regulation an entity drafts, named like the three others.
    AGREEMENT = "acuerdo", pgettext_lazy("tipo de norma", "Proyecto de acuerdo")
    DECREE = "decreto", _("Proyecto de decreto")
    RESOLUTION = "resolucion", _("Proyecto de resolución")


class StageKind(models.TextChoices):
    """The journey of a policy or regulation, in order."""

    DIAGNOSIS = "diagnostico", _("Diagnóstico")
    DESIGN = "diseno", _("Diseño")
    DRAFT = "borrador", _("Borrador con exposición de motivos")
    CONSULTATION = "consulta", _("Consulta ciudadana")
    BODY_APPROVAL = "aprobacion_instancias", _("Aprobación por las instancias")
    COUNCIL_APPROVAL = "aprobacion_concejo", _("Aprobación del Concejo o expedición del acto")
    ADOPTION = "adopcion", _("Adopción")
    OPERATING_PLAN = "plan_operativo", _("Plan operativo")
    MONITORING = "seguimiento", _("Seguimiento")
    UPDATE = "actualizacion", _("Actualización")


STAGE_ORDER = {value: index for index, value in enumerate(StageKind.values)}
ACT_STAGES = {StageKind.BODY_APPROVAL, StageKind.COUNCIL_APPROVAL}


class StageStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "cumplida", _("Cumplida")


class Policy(TenantModel):
    kind = models.CharField(_("tipo"), max_length=30, choices=PolicyKind.choices)
    title = models.CharField(_("nombre"), max_length=300)
    # "Objeto" of a policy is its purpose; elsewhere "objeto" is a record ("object").
    summary = models.TextField(
        pgettext_lazy("propósito de una política", "objeto"),
        blank=True,
        help_text=_("Qué busca y a quién."),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("dependencia responsable")
    )
    is_published = models.BooleanField(_("publicada en el portal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("política o reglamentación")
        verbose_name_plural = _("políticas y reglamentaciones")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_area_id(self) -> int | None:
        return self.area_id


class PolicyStage(TenantModel):
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="stages", verbose_name=_("política")
    )
    kind = models.CharField(_("etapa"), max_length=30, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    started_on = models.DateField(_("inicio"), null=True, blank=True)
    finished_on = models.DateField(_("terminada el"), null=True, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    summary = models.TextField(_("qué se hizo"), blank=True)
    act_body = models.CharField(
        _("quién aprobó"),
        max_length=300,
        blank=True,
        help_text=_("La instancia o el Concejo Municipal."),
    )
    act_number = models.CharField(
        _("número del acto"), max_length=60, blank=True, help_text=_("Acuerdo, decreto o acta.")
    )
    act_date = models.DateField(_("fecha del acto"), null=True, blank=True)
    events = models.ManyToManyField(
        "execution.Event", blank=True, related_name="+", verbose_name=_("eventos")
    )
    bodies = models.ManyToManyField(
        "bodies.ParticipationBody",
        blank=True,
        related_name="+",
        verbose_name=_("instancias de participación"),
    )
    stakeholder_groups = models.ManyToManyField(
        "stakeholders.StakeholderGroup",
        blank=True,
        related_name="+",
        verbose_name=_("grupos de valor"),
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("etapa de la política")
        verbose_name_plural = _("etapas de la política")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="policies_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.get_kind_display()}"

    def get_area_id(self) -> int | None:
        return self.area_id or self.policy.area_id

    @property
    def status(self) -> str:
        if self.finished_on:
            return StageStatus.DONE
        if self.started_on:
            return StageStatus.IN_PROGRESS
        return StageStatus.PENDING

    def get_status_display(self) -> str:
        return str(StageStatus(self.status).label)

    @property
    def has_act(self) -> bool:
        return self.kind in ACT_STAGES

    def clean(self) -> None:
        today = timezone.localdate()
        label = lambda name: dates.field_label(PolicyStage, name)  # noqa: E731
        maximum = today.year + dates.MAX_YEARS_AHEAD
        checks = [
            (
                name,
                dates.year_in_range(
                    getattr(self, name),
                    label=label(name),
                    minimum=dates.CONSTITUTION_YEAR,
                    maximum=maximum,
                ),
            )
            for name in ("started_on", "finished_on", "act_date")
        ]
        checks += [
            (
                "finished_on",
                dates.not_in_future(self.finished_on, label=label("finished_on"), today=today),
            ),
            ("act_date", dates.not_in_future(self.act_date, label=label("act_date"), today=today)),
            (
                "finished_on",
                dates.in_order(
                    self.started_on,
                    self.finished_on,
                    earlier_label=label("started_on"),
                    later_label=label("finished_on"),
                ),
            ),
        ]
        if self.finished_on and not self.started_on:
            checks.append(("started_on", str(_("Indique cuándo empezó la etapa."))))
        if not self.has_act and (self.act_number or self.act_date or self.act_body):
            checks.append(
                ("act_number", str(_("Solo las etapas de aprobación registran un acto.")))
            )
        if self.kind == StageKind.COUNCIL_APPROVAL and self.finished_on:
            if not self.act_number:
                checks.append(
                    ("act_number", str(_("Indique el número del acuerdo o decreto aprobado.")))
                )
            if not self.act_date:
                checks.append(("act_date", str(_("Indique la fecha del acto."))))
        errors = dates.collect(checks)
        if errors:
            raise ValidationError(errors)


class StageDocument(TenantModel):
    stage = models.ForeignKey(
        PolicyStage, on_delete=models.CASCADE, related_name="documents", verbose_name=_("etapa")
    )
    title = models.CharField(_("documento"), max_length=300)
    url = models.URLField(_("enlace"), max_length=500)
    issued_on = models.DateField(_("fecha"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("documento de la etapa")
        verbose_name_plural = _("documentos de la etapa")
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_area_id(self) -> int | None:
        return self.stage.get_area_id()

    def clean(self) -> None:
        today = timezone.localdate()
        label = dates.field_label(StageDocument, "issued_on")
        errors = dates.collect(
            [
                (
                    "issued_on",
                    dates.year_in_range(
                        self.issued_on, label=label, minimum=dates.CONSTITUTION_YEAR
                    ),
                ),
                ("issued_on", dates.not_in_future(self.issued_on, label=label, today=today)),
            ]
        )
        if errors:
            raise ValidationError(errors)


# Drafts and their consultation ---------------------------------------------------------------


class DraftStatus(models.TextChoices):
    PREPARATION = "preparacion", _("En preparación")
    PUBLISHED = "publicado", _("Publicado")


class DraftQuerySet(TenantQuerySet["Draft"]):
    def published(self) -> DraftQuerySet:
        return self.filter(status=DraftStatus.PUBLISHED, policy__is_published=True)


DraftManager = models.Manager.from_queryset(DraftQuerySet)


DRAFT_TEXT = CaseText(
    not_in_consultation=_("Este borrador no está en consulta: no recibe comentarios."),
    opens=_("La consulta de este borrador abre el %(date)s."),
    closed=_("Este borrador no está en consulta: la consulta cerró el %(date)s."),
    write_text=_("Escriba su comentario."),
    consent_required=_("Debe autorizar el tratamiento de sus datos para enviar el comentario."),
    hidden_not_answered=_("El comentario está oculto por moderación y no se responde."),
    already_answered=_("El informe ya fue publicado: la respuesta no se cambia."),
    choose_answer=_("Elija aceptada, aceptada parcialmente o rechazada."),
    reason_too_short=_("Explique la razón en al menos %(n)s caracteres: es la respuesta pública."),
    rejected_no_change=_("Un comentario rechazado no produce cambios en el texto."),
    already_hidden=_("El comentario ya está oculto."),
    answer_field="answer",
    reason_field="reason",
    change_field="changed_in",
)


class Draft(ConsultationWindow, TenantModel):
    """One version of the draft text. A version is prepared, then published: with a
    consultation window (start date and business days) or as the adjusted text. A case of the
    general consultation (``consultations``): the window is ``consultation_start`` to
    ``consultation_end``, open once the version is published."""

    case_text = DRAFT_TEXT

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("política")
    )
    number = models.PositiveSmallIntegerField(_("versión"))
    title = models.CharField(_("título del proyecto"), max_length=300)
    motives = models.TextField(_("exposición de motivos"))
    changes = models.TextField(
        _("cambios frente a la versión anterior"),
        blank=True,
        help_text=_("Qué cambió y por qué, en palabras de la entidad."),
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=DraftStatus.choices, default=DraftStatus.PREPARATION
    )
    published_at = models.DateTimeField(_("publicado en"), null=True, blank=True)
    consultation_start = models.DateField(_("inicio de la consulta"), null=True, blank=True)
    consultation_end = models.DateField(_("cierre de la consulta"), null=True, blank=True)
    business_days = models.PositiveSmallIntegerField(
        _("días hábiles de consulta"), null=True, blank=True
    )
    report_published_at = models.DateTimeField(
        _("informe de observaciones publicado en"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[DraftManager] = DraftManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("borrador")
        verbose_name_plural = _("borradores")
        ordering = ["policy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policies_draft_number"),
            models.CheckConstraint(
                condition=models.Q(consultation_end__gte=models.F("consultation_start"))
                | models.Q(consultation_end__isnull=True),
                name="policies_draft_window_order",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(title)s (versión %(n)s)") % {"title": self.title, "n": self.number})

    def get_area_id(self) -> int | None:
        return self.policy.area_id

    @property
    def has_consultation(self) -> bool:
        return self.consultation_start is not None

    @property
    def opens_on(self) -> datetime.date | None:
        return self.consultation_start

    @property
    def closes_on(self) -> datetime.date | None:
        return self.consultation_end

    def accepts_comments(self) -> bool:
        return self.status == DraftStatus.PUBLISHED


class DraftArticle(TenantModel):
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="articles", verbose_name=_("borrador")
    )
    number = models.PositiveSmallIntegerField(_("artículo"))
    text = models.TextField(_("texto"))

    class Meta:
        verbose_name = _("artículo del borrador")
        verbose_name_plural = _("artículos del borrador")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="policies_article_number"),
        ]

    def __str__(self) -> str:
        return str(_("Artículo %(n)s") % {"n": self.number})


class Answer(models.TextChoices):
    """The pending state and the three verdicts of the general consultation, same values."""

    PENDING = "pendiente", _("Pendiente de respuesta")
    ACCEPTED = Verdict.ACCEPTED.value, Verdict.ACCEPTED.label
    PARTLY = Verdict.PARTLY.value, Verdict.PARTLY.label
    REJECTED = Verdict.REJECTED.value, Verdict.REJECTED.label


class DraftCommentQuerySet(CommentQuerySet["DraftComment"]):
    """``visible()`` comes from the general consultation's :class:`CommentQuerySet`."""


DraftCommentManager = models.Manager.from_queryset(DraftCommentQuerySet)


class DraftComment(Comment, TenantModel):
    """A citizen's comment on an article of a draft or on the whole draft (the text, email,
    consent and moderation of the general consultation's :class:`Comment`)."""

    case_text = DRAFT_TEXT

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="comments", verbose_name=_("borrador")
    )
    article = models.ForeignKey(
        DraftArticle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("artículo comentado"),
    )
    answer = models.CharField(
        _("respuesta"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    reason = models.TextField(_("razón (respuesta pública)"), blank=True)
    changed_in = models.ForeignKey(
        Draft,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes_from_comments",
        verbose_name=_("versión que recoge el cambio"),
    )
    answered_at = models.DateTimeField(_("respondido en"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondido por"),
    )

    objects: ClassVar[DraftCommentManager] = DraftCommentManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comentario al borrador")
        verbose_name_plural = _("comentarios al borrador")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_area_id(self) -> int | None:
        return self.draft.policy.area_id

    @property
    def is_answered(self) -> bool:
        return self.answer != Answer.PENDING

    @property
    def verdict(self) -> Verdict | None:
        return None if self.answer == Answer.PENDING else Verdict(self.answer)

    @property
    def is_public_answer_final(self) -> bool:
        return self.draft.report_published_at is not None


# Plan operativo ----------------------------------------------------------------------------


class PlanComponent(TenantModel):
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="components", verbose_name=_("política")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    name = models.CharField(_("componente"), max_length=300)
    objective = models.TextField(_("objetivo"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("componente del plan operativo")
        verbose_name_plural = _("componentes del plan operativo")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_area_id(self) -> int | None:
        return self.policy.area_id


class PlanLine(TenantModel):
    component = models.ForeignKey(
        PlanComponent, on_delete=models.CASCADE, related_name="lines", verbose_name=_("componente")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    name = models.CharField(_("línea de acción"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("línea del plan operativo")
        verbose_name_plural = _("líneas del plan operativo")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_area_id(self) -> int | None:
        return self.component.policy.area_id


class PlanAction(TenantModel):
    line = models.ForeignKey(
        PlanLine, on_delete=models.CASCADE, related_name="actions", verbose_name=_("línea")
    )
    description = models.CharField(_("acción"), max_length=400)
    goal = models.CharField(_("meta"), max_length=300, blank=True)
    owner_area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("dependencia responsable")
    )
    owner_name = models.CharField(_("persona responsable"), max_length=200, blank=True)
    starts_on = models.DateField(_("inicio"))
    due_date = models.DateField(_("fecha límite"))
    done_on = models.DateField(_("cumplida el"), null=True, blank=True)
    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actividad del plan de participación"),
    )
    event = models.ForeignKey(
        "execution.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evento"),
    )
    indicator = models.ForeignKey(
        "evaluation.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicador"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acción del plan operativo")
        verbose_name_plural = _("acciones del plan operativo")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.description

    def get_area_id(self) -> int | None:
        return self.owner_area_id

    def clean(self) -> None:
        today = timezone.localdate()
        label = lambda name: dates.field_label(PlanAction, name)  # noqa: E731
        maximum = today.year + dates.MAX_YEARS_AHEAD
        checks = [
            (
                name,
                dates.year_in_range(
                    getattr(self, name),
                    label=label(name),
                    minimum=dates.CONSTITUTION_YEAR,
                    maximum=maximum,
                ),
            )
            for name in ("starts_on", "due_date", "done_on")
        ]
        checks += [
            (
                "due_date",
                dates.in_order(
                    self.starts_on,
                    self.due_date,
                    earlier_label=label("starts_on"),
                    later_label=label("due_date"),
                ),
            ),
            ("done_on", dates.not_in_future(self.done_on, label=label("done_on"), today=today)),
        ]
        errors = dates.collect(checks)
        if errors:
            raise ValidationError(errors)
