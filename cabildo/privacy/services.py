"""Writes of the privacy module (Ley 1581 de 2012, Decreto 1377 de 2013).

- ``consent_record``: the proof of every authorization (callers pass the exact text shown);
  a minor's authorization is given by the legal representative.
- ``policy_publish``: a new version of the data-treatment policy.
- ``subject_export``, ``subject_rectify``, ``subject_anonymize``: the staff tools that answer
  data-subject requests (habeas-data PQRSD); each is written to the access log.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import dates, formulas
from cabildo.core.models import Entity, concrete_field
from cabildo.core.net import client_ip
from cabildo.core.public_cache import invalidate_entity
from cabildo.privacy.models import Consent, PrivacyPolicy
from cabildo.privacy.selectors import Criteria, Holding, person_holdings

# Version of the data-treatment policy when the entity has not published its own.
POLICY_VERSION = "2026.1"
LEY_1581_YEAR = 2012  # Ley 1581 de 2012, the habeas data law


def _current_policy(entity: Entity) -> PrivacyPolicy | None:
    return PrivacyPolicy.objects.in_force(entity, timezone.localdate())


@transaction.atomic
def consent_record(
    *,
    entity: Entity,
    purpose: str,
    text: str,
    channel: str,
    request: HttpRequest | None = None,
    sensitive: bool = False,
    subject_name: str = "",
    subject_email: str = "",
    subject_is_minor: bool = False,
    guardian_name: str = "",
    policy_version: str | None = None,
) -> Consent:
    """Store the proof of an authorization, linked to the policy version in force."""
    if subject_is_minor and not guardian_name.strip():
        raise ValidationError(
            {
                "guardian_name": _(
                    "Para un menor de edad, escriba el nombre de su representante legal."
                )
            }
        )
    policy = _current_policy(entity)
    consent = Consent(
        entity=entity,
        purpose=purpose,
        text=text,
        channel=channel,
        sensitive=sensitive,
        subject_name=subject_name,
        subject_email=subject_email,
        subject_is_minor=subject_is_minor,
        guardian_name=guardian_name.strip(),
        policy=policy,
        policy_version=policy_version or (policy.version if policy else POLICY_VERSION),
        ip_address=client_ip(request),
    )
    consent.full_clean()
    consent.save()
    return consent


def consent_text(purpose_text: Any, *, entity: Entity | None = None) -> str:
    """The standard authorization text for a purpose (shown next to the unticked box)."""
    policy = _current_policy(entity) if entity is not None else None
    return _(
        "Autorizo de manera previa, expresa e informada el tratamiento de mis datos personales "
        "para %(purpose)s, conforme a la Ley 1581 de 2012 y a la política de tratamiento de "
        "datos de la entidad (versión %(version)s). Puedo conocer, actualizar, rectificar y "
        "suprimir mis datos y revocar esta autorización."
    ) % {"purpose": purpose_text, "version": policy.version if policy else POLICY_VERSION}


def guardian_consent_text() -> str:
    return _(
        "Soy el padre, la madre o el representante legal de la persona menor de edad y "
        "autorizo el tratamiento de sus datos personales, respetando su interés superior y "
        "sus derechos fundamentales (Ley 1581 de 2012, art. 7)."
    )


# --------------------------------------------------------------------------- policy


@transaction.atomic
def policy_publish(
    *, entity: Entity, version: str, text: str, effective_date: date, title: str = ""
) -> PrivacyPolicy:
    """A new version of the policy. Versions in force are never edited."""
    version = version.strip()
    if PrivacyPolicy.objects.for_entity(entity).filter(version__iexact=version).exists():
        raise ValidationError({"version": _("Ya existe una versión con ese número.")})
    # Ley 1581 de 2012 is the earliest possible; a policy is published at most a year ahead.
    implausible = dates.year_in_range(
        effective_date,
        label=_("Vigente desde"),
        minimum=LEY_1581_YEAR,
        maximum=timezone.localdate().year + 1,
    )
    if implausible:
        raise ValidationError({"effective_date": implausible})
    latest = PrivacyPolicy.objects.for_entity(entity).order_by("-effective_date").first()
    if latest is not None and effective_date <= latest.effective_date:
        raise ValidationError(
            {
                "effective_date": _(
                    "La nueva versión debe entrar en vigencia después de la versión %(v)s (%(d)s)."
                )
                % {"v": latest.version, "d": latest.effective_date.strftime("%d/%m/%Y")}
            }
        )
    policy = PrivacyPolicy(
        entity=entity, version=version, text=text.strip(), effective_date=effective_date
    )
    if title.strip():
        policy.title = title.strip()
    policy.full_clean()
    policy.save()
    return policy


# --------------------------------------------------------------------------- data subjects


def _holdings(entity: Entity, criteria: Criteria, selected: list[str] | None) -> list[Holding]:
    if criteria.cleaned().is_empty():
        raise ValidationError(
            _("Indique al menos un dato del titular: correo, teléfono, documento o nombre.")
        )
    holdings = person_holdings(
        entity=entity, criteria=criteria, only=set(selected) if selected is not None else None
    )
    if not holdings:
        raise ValidationError(_("No hay registros seleccionados de ese titular."))
    return holdings


def _log_detail(criteria: Criteria, holdings: list[Holding], reference: str) -> str:
    counts = "; ".join(f"{h.label}: {len(h.rows)}" for h in holdings)
    ref = _("Solicitud %(ref)s. ") % {"ref": reference} if reference else ""
    return f"{ref}{criteria.cleaned().describe()} → {counts}"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name or ""
    return value


def _row_dict(model: type[models.Model], row: Any) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(row, f.name) if f.is_relation else f.value_from_object(row))
        for f in model._meta.concrete_fields
        if f.name not in ("tracking_code_hash",)
    }


@dataclass
class Export:
    content: bytes
    content_type: str
    filename: str


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def subject_export(
    *,
    entity: Entity,
    criteria: Criteria,
    selected: list[str] | None,
    fmt: str,
    request: HttpRequest | None = None,
    reference: str = "",
) -> Export:
    """Everything held about the person (the selected rows), as JSON or XLSX."""
    if fmt not in ("json", "xlsx"):
        raise ValidationError(_("Formato no válido: use JSON o XLSX."))
    holdings = _holdings(entity, criteria, selected)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "json":
        data = {
            "entidad": entity.name,
            "generado": timezone.now(),
            "fuentes": [
                {
                    "fuente": h.source.key,
                    "nombre": h.label,
                    "registros": [_row_dict(h.model, row) for row in h.rows],
                }
                for h in holdings
            ],
        }
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        export = Export(content.encode(), "application/json", f"datos-titular-{stamp}.json")
    else:
        export = Export(_xlsx(holdings), XLSX_CONTENT_TYPE, f"datos-titular-{stamp}.xlsx")
    access_record(
        request=request,
        action=AccessAction.PERSONAL_DATA_EXPORT,
        entity=entity,
        detail=_log_detail(criteria, holdings, reference),
    )
    return export


def _xlsx(holdings: list[Holding]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for holding in holdings:
        title = re.sub(r"[\[\]:*?/\\]", " ", holding.label)[:31]
        sheet = workbook.create_sheet(title)
        fields = [f for f in holding.model._meta.concrete_fields if f.name != "tracking_code_hash"]
        sheet.append([str(f.verbose_name) for f in fields])
        for row in holding.rows:
            values = _row_dict(holding.model, row)
            formulas.append_row(sheet, [_cell(values[f.name]) for f in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # no formula injection


@dataclass(frozen=True)
class Changes:
    name: str = ""
    email: str = ""
    phone: str = ""


@transaction.atomic
def subject_rectify(
    *,
    entity: Entity,
    criteria: Criteria,
    selected: list[str] | None,
    changes: Changes,
    request: HttpRequest | None = None,
    reference: str = "",
) -> int:
    """Update the person's contact data in the selected rows (each change is in the history)."""
    name, email, phone = changes.name.strip(), changes.email.strip(), changes.phone.strip()
    if not any([name, email, phone]):
        raise ValidationError(_("Escriba al menos un dato corregido."))
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError({"new_email": _("Escriba un correo válido.")}) from exc
    holdings = _holdings(entity, criteria, selected)
    changed = 0
    for holding in holdings:
        updates = {
            field_name: value
            for field_name, value in (
                (holding.source.name, name),
                (holding.source.email, email),
                (holding.source.phone, phone),
            )
            if field_name and value
        }
        if not updates:
            continue
        for row in holding.rows:
            for field_name, value in updates.items():
                max_length = concrete_field(holding.model, field_name).max_length
                setattr(row, field_name, value[:max_length] if max_length else value)
            row.save(update_fields=list(updates))
            changed += 1
    access_record(
        request=request,
        action=AccessAction.DATA_SUBJECT_REQUEST,
        entity=entity,
        detail=_("Rectificación. ") + _log_detail(criteria, holdings, reference),
    )
    return changed


@transaction.atomic
def subject_anonymize(
    *,
    entity: Entity,
    criteria: Criteria,
    selected: list[str] | None,
    request: HttpRequest | None = None,
    reference: str = "",
) -> int:
    """Supresión: replace the identity fields of the selected rows (and of their historical
    copies) with "Anónimo" or blanks; the rows stay for the statistics. Consents are kept as
    proof, anonymized and marked revoked."""
    holdings = _holdings(entity, criteria, selected)
    total = 0
    now = timezone.now()
    for holding in holdings:
        values = holding.source.anonymized_values()
        pks = [row.pk for row in holding.rows]
        extra = {"revoked_at": now} if holding.model is Consent else {}
        manager = holding.model._default_manager
        total += manager.filter(entity=entity, pk__in=pks).update(**values, **extra)
        history = getattr(holding.model, "history", None)
        if history is not None:
            history.model.objects.filter(id__in=pks).update(**values)
    # QuerySet.update() sends no signal: the cached public pages must not keep the names.
    invalidate_entity(entity.pk)
    access_record(
        request=request,
        action=AccessAction.ANONYMIZATION,
        entity=entity,
        detail=_log_detail(criteria, holdings, reference),
    )
    return total
