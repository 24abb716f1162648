"""The policy cycle through the views: an official builds the journey and a draft; a citizen
comments (bad input included); answers, the report in HTML and PDF, the diff, open data."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.policies import services
from cabildo.policies.models import Answer, Draft, DraftComment, Policy, StageKind
from tests.factories import AreaFactory
from tests.policies.factories import DraftArticleFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order (``-raw``: a table's cells one after another)."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(  # noqa: S603 (our own bytes through a known binary)
        [pdftotext, "-raw", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


def _open_draft(entity, *, articles=3):
    policy = services.policy_save(
        policy=Policy(
            entity=entity,
            kind="decreto",
            title="Proyecto de decreto de participación",
            area=AreaFactory(entity=entity),
            is_published=True,
        )
    )
    draft = services.draft_create(
        policy=policy,
        title="Decreto del sistema de participación",
        motives="Porque Cali necesita un sistema.",
        articles=[f"Texto del artículo número {n}." for n in range(1, articles + 1)],
    )
    today = timezone.localdate()
    Draft.objects.filter(pk=draft.pk).update(
        status="publicado",
        published_at=timezone.now(),
        consultation_start=today - datetime.timedelta(days=2),
        consultation_end=today + datetime.timedelta(days=10),
        business_days=8,
    )
    draft.refresh_from_db()
    return draft


def test_official_builds_the_journey_through_the_views(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    area = AreaFactory(entity=entity)
    response = client.post(
        reverse("policies:policy_create"),
        {"kind": "acuerdo", "title": "Política de participación", "summary": "", "area": area.pk},
    )
    policy = Policy.objects.get(entity=entity)
    assert response.status_code == 302
    stage = policy.stages.get(kind=StageKind.COUNCIL_APPROVAL)
    url = reverse("policies:stage_update", args=[stage.pk])
    bad = client.post(url, {"started_on": "2021-08-02", "finished_on": "2021-11-30"})
    assert bad.status_code == 200
    assert "número del acuerdo" in bad.content.decode()
    client.post(
        url,
        {
            "started_on": "2021-08-02",
            "finished_on": "2021-11-30",
            "act_body": "Concejo Municipal",
            "act_number": "Acuerdo 012",
            "act_date": "2021-11-30",
        },
    )
    stage.refresh_from_db()
    assert stage.act_number == "Acuerdo 012"
    client.post(reverse("policies:policy_publish", args=[policy.pk]), {"publish": "1"})
    page = client.get(reverse("policies:public_policy", args=[policy.pk])).content.decode()
    assert "Acuerdo 012" in page and "Cumplida" in page and "Pendiente" in page


def test_citizen_comments_on_article_two_and_bad_input(public_client, entity):
    draft = _open_draft(entity)
    second = draft.articles.get(number=2)
    client = public_client(entity)
    url = reverse("policies:public_draft", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Texto del artículo número 2." in page and "Envíe su comentario" in page
    response = client.post(
        url, {"article": second.pk, "text": "Incluir a las JAL.", "consent": "on"}
    )
    assert response.status_code == 302
    comment = DraftComment.objects.get()
    assert comment.article == second
    # An article of another draft is not a choice of this form.
    other = DraftArticleFactory(entity=entity)
    response = client.post(url, {"article": other.pk, "text": "Otro.", "consent": "on"})
    assert response.status_code == 200 and DraftComment.objects.count() == 1
    # Without consent, nothing stored.
    client.post(url, {"text": "Sin consentimiento."})
    assert DraftComment.objects.count() == 1
    # The honeypot pretends success and stores nothing.
    client.post(url, {"text": "spam", "consent": "on", "website": "x"})
    assert DraftComment.objects.count() == 1


def test_comment_on_a_closed_draft_is_refused_by_the_view(public_client, entity):
    draft = _open_draft(entity)
    Draft.objects.filter(pk=draft.pk).update(
        consultation_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = public_client(entity)
    url = reverse("policies:public_draft", args=[draft.pk])
    assert "Envíe su comentario" not in client.get(url).content.decode()
    response = client.post(url, {"text": "Tarde.", "consent": "on"})
    assert response.status_code == 200
    assert "no está en consulta" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_answer_report_html_and_pdf(staff_client, entity):
    draft = _open_draft(entity)
    comment = services.comment_submit(
        draft=draft,
        text="Incluir a las juntas de acción comunal.",
        consent_given=True,
        article=draft.articles.get(number=2),
    )
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    client.post(
        reverse("policies:comment_answer", args=[comment.pk]),
        {"answer": Answer.PARTLY, "reason": "Se incluyen las JAC, no las JAL."},
    )
    comment.refresh_from_db()
    assert comment.answer == Answer.PARTLY
    Draft.objects.filter(pk=draft.pk).update(
        consultation_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    report = reverse("policies:public_report", args=[draft.pk])
    assert client.get(report).status_code == 404  # not published yet
    client.post(reverse("policies:report_publish", args=[draft.pk]))
    html = client.get(report).content.decode()
    assert "Incluir a las juntas de acción comunal." in html
    assert "Aceptada parcialmente" in html and "Se incluyen las JAC, no las JAL." in html
    pdf = client.get(reverse("policies:public_report_pdf", args=[draft.pk]))
    text = pdf_text(pdf.content)
    words = " ".join(text.split())
    assert "Informe de observaciones" in text
    assert "Artículo 2" in words and "Aceptada parcialmente" in words
    assert "Incluir a las juntas de acción comunal." in words
    data = client.get(reverse("api:portal:comentarios-proyectos-normativos"), {"format": "json"})
    assert data.status_code == 200
    assert "Se incluyen las JAC" in data.content.decode()
    assert comment.consent.subject_email not in ("x",)


def test_version_two_and_the_public_diff(staff_client, entity):
    draft = _open_draft(entity)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("policies:draft_create", args=[draft.policy_id])
    form = client.get(url).content.decode()
    assert "Texto del artículo número 2." in form  # prefilled with the latest version
    client.post(
        url,
        {
            "title": draft.title,
            "motives": draft.motives,
            "articles": "Texto del artículo número 1.\n\nTexto nuevo del artículo número 2.\n\n"
            "Texto del artículo número 3.",
            "changes": "Artículo 2 ajustado por los comentarios.",
        },
    )
    v2 = Draft.objects.get(number=2)
    client.post(reverse("policies:draft_publish", args=[v2.pk]), {"with_consultation": ""})
    v2.refresh_from_db()
    assert v2.status == "publicado" and v2.consultation_start is None
    page = client.get(reverse("policies:public_diff", args=[v2.pk])).content.decode()
    assert "<ins>" in page and "nuevo" in page and "añadido" in page
