from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityScopedMixin, StaffPermissionMixin
from cabildo.workdays import selectors, services
from cabildo.workdays.calendar import (
    DayKind,
    SkippedDay,
    WorkCalendar,
    calendar_for,
    colombian_holidays,
)
from cabildo.workdays.forms import CalculatorForm, ClosureDayForm, Unit
from cabildo.workdays.models import ClosureDay

# ---------------------------------------------------------------- public calculator

CALCULATOR_FIELDS = ("start", "amount", "unit")


def _kind_label(kind: str | None) -> str:
    return {
        DayKind.HOLIDAY: _("Festivo"),
        DayKind.CLOSURE: _("Día de cierre de la entidad"),
        DayKind.SATURDAY: _("Fin de semana"),
        DayKind.SUNDAY: _("Fin de semana"),
    }.get(kind or "", "")


def _skipped_rows(calendar: WorkCalendar, skipped: tuple[SkippedDay, ...]) -> list[dict[str, Any]]:
    """Skipped days with the reason in the active language (holiday names where supported)."""
    language = get_language() or "es"
    rows = []
    for item in skipped:
        kind = calendar.non_working_kind(item.date)
        reason = item.reason
        if kind == DayKind.HOLIDAY:
            reason = colombian_holidays(item.date.year, language=language).get(item.date, reason)
        rows.append({"date": item.date, "reason": reason, "kind": _kind_label(kind)})
    return rows


class CalculatorView(TemplateView):
    """«Calculadora de plazos»: when a term ends for the request's entity. A GET form."""

    template_name = "workdays/calculator.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = getattr(self.request, "entity", None)
        submitted = any(name in self.request.GET for name in CALCULATOR_FIELDS)
        form = CalculatorForm(self.request.GET if submitted else None)
        calendar = calendar_for(entity)
        years = [timezone.localdate().year]
        if submitted and form.is_valid():
            start: date = form.cleaned_data["start"]
            amount: int = form.cleaned_data["amount"]
            if form.cleaned_data["unit"] == Unit.MONTHS:
                months = calendar.explain_months(start, amount)
                context["month_result"] = months
                skipped = months.skipped
                due = months.due_date
            else:
                computation = calendar.explain(start, amount)
                context["result"] = computation
                skipped = computation.skipped
                due = computation.due_date
            context["skipped_rows"] = _skipped_rows(calendar, skipped)
            context["due_date"] = due
            years = sorted({start.year, due.year})
        language = get_language() or "es"
        context.update(
            form=form,
            submitted=submitted,
            works_saturdays=calendar.works_saturdays,
            holiday_tables=[
                {"year": year, "rows": sorted(colombian_holidays(year, language=language).items())}
                for year in years
            ],
            closure_rows=sorted(
                (day, reason) for day, reason in calendar.closures.items() if day.year in years
            ),
            years=years,
        )
        return context


# ---------------------------------------------------------------- closure days (staff)


class ClosureDayListView(StaffPermissionMixin, ListView):
    permission_required = "workdays.view_closureday"
    template_name = "workdays/closureday_list.html"
    context_object_name = "closure_days"

    def get_queryset(self) -> Any:
        return selectors.closure_day_list(entity=self.request.entity)


class ClosureDayFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = ClosureDay
    template_name = "workdays/closureday_form.html"
    form_class = ClosureDayForm
    object: ClosureDay | None = None

    def get_permission_required(self) -> tuple[str, ...]:
        if "pk" in self.kwargs:
            return ("workdays.change_closureday",)
        return ("workdays.add_closureday",)

    def get_permission_object(self) -> Any:
        if "pk" in self.kwargs:
            if self.object is None:
                self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            return self.object
        return self.request.entity

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {"date": self.object.date, "reason": self.object.reason}
        return super().get_initial()

    def form_valid(self, form: ClosureDayForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if self.object is None:
                services.closure_day_create(
                    entity=self.request.entity, date=data["date"], reason=data["reason"]
                )
                messages.success(self.request, _("Día de cierre registrado."))
            else:
                services.closure_day_update(
                    closure_day=self.object, date=data["date"], reason=data["reason"]
                )
                messages.success(self.request, _("Día de cierre actualizado."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(reverse("workdays:closure_day_list"))


class ClosureDayDeleteView(StaffPermissionMixin, EntityScopedMixin, TemplateView):
    model = ClosureDay
    template_name = "workdays/closureday_confirm_delete.html"
    permission_required = "workdays.delete_closureday"
    pk_url_kwarg = "pk"
    object: ClosureDay | None = None

    def get_object(self, queryset: Any = None) -> ClosureDay:
        if self.object is None:
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get_permission_object(self) -> Any:
        return self.get_object()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.closure_day_delete(closure_day=self.get_object())
        messages.success(request, _("Día de cierre eliminado."))
        return redirect(reverse("workdays:closure_day_list"))
