"""Form messages: each problem once, in the product's words; choice groups under their legend."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.template.loader import render_to_string

from cabildo.core.forms import add_service_errors


class _Form(forms.Form):
    capacity = forms.IntegerField(required=False)
    title = forms.CharField(required=False)
    decision = forms.ChoiceField(
        label="Decisión", choices=[("a", "Publicar"), ("b", "Retirar")], widget=forms.RadioSelect
    )
    groups = forms.MultipleChoiceField(
        label="Grupos de valor",
        choices=[("1", "Jóvenes"), ("2", "Mujeres")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(label="Autorizo " + "el tratamiento de mis datos " * 10)


def _model_errors() -> ValidationError:
    """What ``full_clean`` raises for capacity -5: the validator's message and the model's."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        MinValueValidator(1)(-5)
    except ValidationError as exc:
        errors["capacity"] = exc.error_list
    errors["capacity"].append(ValidationError("El cupo debe ser de al menos 1 persona."))
    errors["title"] = [ValidationError("Escriba el título."), ValidationError("Escriba el título.")]
    return ValidationError(errors)


def test_service_errors_once_in_the_products_words():
    form = _Form(data={"decision": "a"})
    form.is_valid()
    add_service_errors(form, _model_errors())
    assert form.errors["capacity"] == ["El cupo debe ser de al menos 1 persona."]
    assert form.errors["title"] == ["Escriba el título."]


def test_generic_message_kept_when_it_is_the_only_one():
    form = _Form(data={"decision": "a"})
    form.is_valid()
    try:
        MinValueValidator(1)(-5)
    except ValidationError as exc:
        add_service_errors(form, ValidationError({"capacity": exc.error_list}))
    assert len(form.errors["capacity"]) == 1 and "1" in form.errors["capacity"][0]


def test_choice_groups_are_fieldsets_and_long_labels_stay_out_of_the_summary():
    form = _Form(data={"groups": ["9"]})
    assert not form.is_valid()
    html = render_to_string("core/_form.html", {"form": form})
    # Radio buttons and checkboxes: a fieldset whose legend (the question) comes first.
    assert html.index("<legend") < html.index('id="id_groups_0"')
    assert '<fieldset class="mb-3 choice-group" id="id_decision_group"' in html
    assert re.search(r'<input type="radio" name="decision" value="a"[^>]* required', html)
    assert html.count('class="form-check-input') == 5  # 2 radios, 2 boxes, the consent
    assert '<label class="form-check-label" for="id_decision_1">Retirar</label>' in html
    # The consent's whole paragraph is not repeated in the summary: its short error only.
    summary = html[: html.index("</div>")]
    assert "Autorizo el tratamiento" not in summary
    assert 'href="#id_decision_0"' in summary and 'href="#id_consent"' in summary
    # A required box is marked, for the eye and for assistive technology.
    consent = html[html.index('id="id_consent"') - 200 :]
    assert "required" in consent[:260] and "(obligatorio)" in consent


def test_long_staff_text_gets_a_clear_message():
    """A 550,000-character plan description is refused with a message, and nothing is saved."""
    from cabildo.plans.forms import PlanForm

    form = PlanForm(data={"year": 2026, "title": "Plan", "objective": "x" * 550_000})
    assert not form.is_valid()
    assert "550000" in form.errors["objective"][0]
    assert form.fields["objective"].widget.attrs["maxlength"] == "20000"
