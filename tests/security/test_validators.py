"""Property tests (Hypothesis) of the validators that guard input: public-form lengths and
honeypot, e-mail and document fields of the PQRSD form, rate-limit parsing, upload type
detection and download names, tracking codes, self-assessment scores."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from cabildo.assessment.scoring import validate_score
from cabildo.core import throttle, uploads
from cabildo.core.forms import HONEYPOT_FIELD, PUBLIC_TEXT_MAX_LENGTH, PublicFormMixin
from cabildo.pqrs.services.tracking import (
    tracking_code_hash,
    tracking_code_new,
    tracking_code_normalize,
)
from tests.properties import examples

FAST = settings(max_examples=examples(60), deadline=None)


class Sample(PublicFormMixin, forms.Form):
    text = forms.CharField(widget=forms.Textarea)
    email = forms.EmailField(required=False)


@FAST
@given(st.text(max_size=PUBLIC_TEXT_MAX_LENGTH + 50))
def test_public_text_is_valid_only_within_its_length(value):
    form = Sample({"text": value})
    cleaned = value.strip()
    valid = form.is_valid()
    if len(cleaned) > PUBLIC_TEXT_MAX_LENGTH:
        assert not valid and "text" in form.errors
    elif valid:
        assert len(form.cleaned_data["text"]) <= PUBLIC_TEXT_MAX_LENGTH


@FAST
@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_honeypot_marks_any_filled_value_as_spam(value):
    assert Sample({"text": "hola", HONEYPOT_FIELD: value}).is_spam


@FAST
@given(st.text(max_size=80))
def test_email_field_never_accepts_text_without_at_sign(value):
    form = Sample({"text": "hola", "email": value})
    if "@" not in value and value.strip():
        assert not form.is_valid() and "email" in form.errors


@FAST
@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=86_400))
def test_rate_limit_parsing_round_trips(rate, window):
    assert throttle.Limit.parse(f"{rate}/{window}") == throttle.Limit(rate, window)


@FAST
@given(st.text(max_size=12))
def test_rate_limit_parsing_rejects_or_returns_positive(value):
    try:
        limit = throttle.Limit.parse(value)
    except ValueError:
        return
    assert limit.rate >= 1 and limit.window >= 1


@FAST
@given(st.binary(max_size=2048), st.booleans())
def test_type_detection_never_crashes_and_answers_known_types(data, allow_text):
    detected = uploads.detect_content_type(data, allow_text=allow_text)
    assert detected is None or detected in uploads.EXTENSIONS
    if detected == uploads.TEXT:
        assert allow_text and b"\x00" not in data


@FAST
@given(st.text(max_size=300), st.sampled_from(sorted(uploads.EXTENSIONS)))
def test_download_names_are_safe(original, content_type):
    name = uploads.download_name(original, content_type)
    assert "/" not in name and "\\" not in name and '"' not in name
    assert all(ch.isprintable() for ch in name)
    assert name.endswith("." + uploads.EXTENSIONS[content_type])
    assert len(name) <= 130


@FAST
@given(st.text(max_size=30))
def test_tracking_code_normalization_is_idempotent(code):
    once = tracking_code_normalize(code)
    assert tracking_code_normalize(once) == once
    assert once == "".join(ch for ch in once if ch.isalnum())


@pytest.mark.django_db
@settings(max_examples=examples(20), deadline=None)
@given(st.data())
def test_tracking_codes_match_however_they_are_typed(data):
    code = tracking_code_new()
    typed = data.draw(st.sampled_from([code, code.lower(), code.replace("-", " "), f" {code} "]))
    assert tracking_code_hash(typed) == tracking_code_hash(code)


@FAST
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=6), st.none()))
def test_scores_are_blank_or_integers_from_0_to_100(value):
    try:
        score = validate_score(value)
    except (ValueError, TypeError):
        return
    assert score is None or (isinstance(score, int) and 0 <= score <= 100)
