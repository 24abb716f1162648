"""Forms of the PQRSD module. Rules are checked again by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cabildo.accounts.models import User
from cabildo.core.forms import PublicFormMixin, form_field
from cabildo.core.models import Area, Entity
from cabildo.pqrs.models import Channel, DocumentType, PetitionKind, SubChannel
from cabildo.pqrs.services.attachments import (
    ALLOWED_TYPES,
    MAX_ATTACHMENTS,
    too_many_attachments_message,
)
from cabildo.pqrs.services.filing import (
    FUTURE_TOLERANCE,
    Requester,
    pqrs_consent_text,
    reception_errors,
)
from cabildo.privacy.forms import MinorConsentMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, at most ``services.MAX_ATTACHMENTS``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = [item for item in data if item] if isinstance(data, (list, tuple)) else [data]
        items = [item for item in items if item]
        if len(items) > MAX_ATTACHMENTS:
            raise forms.ValidationError(too_many_attachments_message())
        return [single(item, initial) for item in items]


def files_dropped_message() -> str:
    return str(
        _(
            "Los archivos que eligió no se guardaron porque el formulario tiene errores: "
            "vuelva a elegirlos antes de enviar."
        )
    )


def files_must_be_chosen_again(form: forms.Form, field: str = "attachments") -> None:
    """A browser cannot send back files it was given: after any error the chosen files are
    gone, so the form says so plainly on the file field."""
    if form.is_bound and form.errors and form.files.getlist(form.add_prefix(field)):
        form.add_error(field, files_dropped_message())


PERSONAL_FIELDS = (
    "requester_name",
    "requester_document_number",
    "requester_email",
    "requester_phone",
    "requester_address",
)


class PetitionForm(MinorConsentMixin, PublicFormMixin, forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Tipo de solicitud"), queryset=PetitionKind.objects.none(), empty_label=None
    )
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    description = forms.CharField(
        label=_("Descripción"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Cuéntenos qué solicita y por qué. No incluya datos sensibles."),
    )
    sub_channel = forms.ModelChoiceField(
        label=_("Punto de atención en línea"),
        queryset=SubChannel.objects.none(),
        required=False,
        help_text=_("Si escribe desde uno de los puntos en línea de la entidad, elíjalo."),
    )
    anonymous = forms.BooleanField(
        label=_("Quiero radicar de forma anónima (no podremos enviarle la respuesta por correo)"),
        required=False,
    )
    requester_name = forms.CharField(label=_("Nombre completo"), max_length=200, required=False)
    requester_document_type = forms.ChoiceField(
        label=_("Tipo de documento"),
        choices=[("", _("Seleccione…")), *DocumentType.choices],
        required=False,
    )
    requester_document_number = forms.CharField(
        label=_("Número de documento"), max_length=30, required=False
    )
    requester_email = forms.EmailField(label=_("Correo electrónico"), required=False)
    requester_phone = forms.CharField(label=_("Teléfono"), max_length=40, required=False)
    requester_address = forms.CharField(label=_("Dirección"), max_length=200, required=False)
    attachments = MultipleFileField(
        label=_("Anexos"),
        required=False,
        help_text=_("Hasta 5 archivos PDF, JPEG, PNG, DOCX o texto; máximo 5 MB cada uno."),
    )
    consent = forms.BooleanField(required=False)

    web_sub_channels = True

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entity = entity
        form_field(self, "kind", forms.ModelChoiceField).queryset = PetitionKind.objects.for_entity(
            entity
        ).filter(is_active=True)
        self.fields["consent"].label = pqrs_consent_text()
        if self.web_sub_channels:  # the public form: the entity's online points, if any
            subs = SubChannel.objects.for_entity(entity).filter(is_active=True, channel=Channel.WEB)
            form_field(self, "sub_channel", forms.ModelChoiceField).queryset = subs
            if not subs.exists():
                del self.fields["sub_channel"]
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            [*ALLOWED_TYPES.keys(), *ALLOWED_TYPES.values()]
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("anonymous"):
            for name in (*PERSONAL_FIELDS, "requester_document_type"):
                data[name] = ""
            data["consent"] = False
            return data
        if not data.get("requester_name"):
            self.add_error(
                "requester_name", _("Escriba su nombre o marque la opción de petición anónima.")
            )
        has_data = any(data.get(name) for name in PERSONAL_FIELDS)
        if has_data and not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Debe autorizar el tratamiento de sus datos personales para radicar con sus "
                    "datos, o radicar de forma anónima."
                ),
            )
        return data

    def requester(self) -> Requester:
        data = self.cleaned_data
        return Requester(
            name=data.get("requester_name", ""),
            document_type=data.get("requester_document_type", ""),
            document_number=data.get("requester_document_number", ""),
            email=data.get("requester_email", ""),
            phone=data.get("requester_phone", ""),
            address=data.get("requester_address", ""),
            is_minor=bool(data.get("is_minor")) and not data.get("anonymous"),
            guardian_name=data.get("guardian_name", ""),
        )


STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class StaffPetitionForm(PetitionForm):
    """Staff intake (presencial, telefónico, verbal…) with the actual reception time."""

    web_sub_channels = False  # its own field below, for every channel but the web
    channel = forms.ChoiceField(label=_("Canal de recepción"), choices=STAFF_CHANNELS)
    filed_at = forms.DateTimeField(
        label=_("Fecha y hora de recepción"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Cuándo se recibió realmente la petición (no puede estar en el futuro)."),
    )
    is_priority = forms.BooleanField(
        label=_("Prioritaria (derecho fundamental en riesgo o riesgo para la vida)"),
        required=False,
    )
    priority_reason = forms.CharField(
        label=_("Motivo de prioridad"), max_length=300, required=False
    )

    sub_channel = forms.ModelChoiceField(
        label=_("Subcanal (punto de atención)"),
        queryset=SubChannel.objects.none(),
        required=False,
        help_text=_("Dónde se recibió: p. ej. Ventanilla única CAM, un C.A.L.I., Línea 195."),
    )

    field_order = [
        "channel", "sub_channel", "filed_at", "kind", "subject", "description", "is_priority",
    ]  # fmt: skip

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, entity=entity, **kwargs)
        subs = SubChannel.objects.for_entity(entity).filter(is_active=True)
        form_field(self, "sub_channel", forms.ModelChoiceField).queryset = subs
        if not subs.exists():
            del self.fields["sub_channel"]
        self.fields["description"].help_text = _(
            "En peticiones verbales, registre lo que la persona expresó (Decreto 1166 de 2016)."
        )
        self.fields["consent"].label = _(
            "La persona autorizó el tratamiento de sus datos tras conocer este texto: %(text)s"
        ) % {"text": pqrs_consent_text()}
        self.initial.setdefault("filed_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_filed_at(self) -> Any:
        value = self.cleaned_data["filed_at"]
        if value and value > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("La fecha de recepción no puede estar en el futuro."))
        if value:
            errors = reception_errors(entity=self.entity, filed_at=value)
            if errors:
                raise forms.ValidationError(errors["filed_at"])
        return value


class TrackingForm(forms.Form):
    filing_number = forms.CharField(label=_("Número de radicado"), max_length=40)
    code = forms.CharField(
        label=_("Código de seguimiento"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AssignForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Dependencia"), queryset=Area.objects.none())
    assigned_to = forms.ModelChoiceField(
        label=_("Responsable"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).filter(is_active=True)
        form_field(self, "assigned_to", forms.ModelChoiceField).queryset = User.objects.filter(
            memberships__entity=entity, is_active=True
        ).distinct()


class CitizenCompletionForm(forms.Form):
    """The citizen's reply to a completion request, from the tracking page (art. 17)."""

    text = forms.CharField(
        label=_("Información que aporta"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    attachments = MultipleFileField(
        label=_("Documentos"),
        required=False,
        help_text=_("Hasta 5 archivos PDF, JPEG, PNG, DOCX o texto; máximo 5 MB cada uno."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "completar")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            [*ALLOWED_TYPES.keys(), *ALLOWED_TYPES.values()]
        )


class RetryNotificationForm(forms.Form):
    email = forms.IntegerField(label=_("Notificación"), widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    """The public check of an official letter by its verification code."""

    codigo = forms.CharField(
        label=_("Código de verificación"),
        max_length=40,
        help_text=_("Está al pie de la carta: 12 letras y números, p. ej. ABCD-EF23-GH45."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_codigo(self) -> str:
        from cabildo.pqrs.services.documents import verification_code_normalize

        code = verification_code_normalize(self.cleaned_data["codigo"])
        if not code:
            raise forms.ValidationError(
                _("El código de verificación tiene 12 letras y números (p. ej. ABCD-EF23-GH45).")
            )
        return code


class CitizenWithdrawForm(forms.Form):
    """Desistimiento expreso (art. 18) from the tracking page."""

    reason = forms.CharField(
        label=_("Motivo (opcional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Entiendo que la entidad dejará de tramitar mi petición y que puedo presentarla "
            "de nuevo más adelante."
        ),
        error_messages={"required": _("Confirme que desea desistir de su petición.")},
    )


class DocumentCancelForm(forms.Form):
    document = forms.IntegerField(label=_("Radicado de salida"), widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Motivo de la anulación"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}))


class CompletionRequestForm(forms.Form):
    missing = forms.CharField(
        label=_("Información o documentos que faltan"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(forms.Form):
    text = forms.CharField(
        label=_("Información aportada por el ciudadano"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(
        label=_("Nuevo vencimiento"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Motivos de la prórroga"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(forms.Form):
    target_entity = forms.ModelChoiceField(
        label=_("Entidad de destino en Cabildo"),
        queryset=Entity.objects.none(),
        required=False,
        help_text=_("Si la entidad competente usa Cabildo, la petición le llega directamente."),
    )
    target_name = forms.CharField(
        label=_("Otra entidad competente"), max_length=200, required=False
    )
    target_email = forms.EmailField(label=_("Correo de la entidad competente"), required=False)
    reason = forms.CharField(
        label=_("Motivo del traslado"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "target_entity", forms.ModelChoiceField).queryset = Entity.objects.filter(
            is_active=True
        ).exclude(pk=entity.pk)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Respuesta"), widget=forms.Textarea(attrs={"rows": 6}))
    channel = forms.ChoiceField(label=_("Canal de respuesta"), choices=Channel.choices)
    answered_at = forms.DateTimeField(
        label=_("Fecha y hora de la respuesta"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Vacío: ahora."),
    )
    attachments = MultipleFileField(label=_("Anexos de la respuesta"), required=False)


class StatsForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100, required=False)


class PqrsSettingsForm(forms.Form):
    filing_prefix = forms.CharField(
        label=_("Prefijo del radicado"),
        max_length=12,
        required=False,
        help_text=_("Opcional, p. ej. «ALC-» → ALC-2026-000123."),
    )
    due_soon_days = forms.IntegerField(
        label=_("Días hábiles para «por vencer»"), min_value=0, max_value=30
    )
    priority_term_days = forms.IntegerField(
        label=_("Término prioritario (días hábiles)"), min_value=1, max_value=30
    )
    letter_header = forms.CharField(
        label=_("Membrete de las cartas"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dirección, teléfono, NIT y sitio web bajo el nombre de la entidad."),
    )
    letter_city = forms.CharField(label=_("Ciudad de las cartas"), required=False, max_length=80)
    signer_name = forms.CharField(
        label=_("Firma: nombre"),
        required=False,
        max_length=200,
        help_text=_("Quien firma las respuestas y los actos de desistimiento."),
    )
    signer_title = forms.CharField(label=_("Firma: cargo"), required=False, max_length=200)


class MailboxForm(forms.Form):
    """The entity's PQRSD mailbox (IMAP). The password is never shown back."""

    address = forms.EmailField(label=_("Dirección de correo de PQRSD"))
    host = forms.CharField(label=_("Servidor IMAP"), max_length=200)
    port = forms.IntegerField(label=_("Puerto"), min_value=1, max_value=65535, initial=993)
    use_ssl = forms.BooleanField(label=_("Usar SSL/TLS"), required=False, initial=True)
    username = forms.CharField(label=pgettext_lazy("buzón", "Usuario"), max_length=200)
    password = forms.CharField(
        label=_("Contraseña"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Déjela vacía para conservar la que está guardada."),
    )
    password_env = forms.RegexField(
        label=_("Variable de entorno con la contraseña (opcional)"),
        regex=r"^[A-Z_][A-Z0-9_]*$",
        required=False,
        max_length=100,
        error_messages={"invalid": _("Use mayúsculas, números y guiones bajos, p. ej. PQRS_IMAP.")},
        help_text=_("Recomendado: la contraseña queda en el servidor y no en la base de datos."),
    )
    folder = forms.CharField(label=_("Carpeta"), max_length=200, initial="INBOX")
    is_active = forms.BooleanField(label=_("Leer este buzón"), required=False, initial=True)


class KindForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120)
    term_days = forms.IntegerField(
        label=_("Término (días hábiles)"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Vacío: sin término legal (felicitaciones)."),
    )
    extension_days = forms.IntegerField(
        label=_("Días de prórroga"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Vacío: hasta el doble del término inicial."),
    )
    priority_term_days = forms.IntegerField(
        label=_("Término prioritario (días hábiles)"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Vacío: el de la configuración de la entidad."),
    )
    is_active = forms.BooleanField(label=_("Activa"), required=False)


class SubChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    name = forms.CharField(
        label=_("Subcanal"),
        max_length=120,
        help_text=_("P. ej. «Ventanilla única CAM», «C.A.L.I. 5», «Línea 195»."),
    )
    order = forms.IntegerField(label=_("Orden"), min_value=0, max_value=999, initial=100)


class SubChannelUpdateForm(forms.Form):
    name = forms.CharField(label=_("Subcanal"), max_length=120)
    order = forms.IntegerField(label=_("Orden"), min_value=0, max_value=999)
    is_active = forms.BooleanField(
        label=_("Activo"),
        required=False,
        help_text=_("Uno inactivo conserva sus peticiones y cifras, pero no se ofrece al radicar."),
    )


class ImportedCountForm(forms.Form):
    """One figure of a report from before the system (an aggregate, never petitions)."""

    year = forms.IntegerField(label=_("Año"), min_value=1990, max_value=2100)
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    label = forms.CharField(
        label=_("Fila del informe"),
        max_length=120,
        help_text=_("Como la nombra la fuente; la misma fila otra vez reemplaza su cifra."),
    )
    sub_channel = forms.ModelChoiceField(
        label=_("Subcanal"), queryset=SubChannel.objects.none(), required=False
    )
    count = forms.IntegerField(
        label=pgettext_lazy("peticiones", "Cantidad"), min_value=0, max_value=10_000_000
    )
    source = forms.CharField(
        label=_("Fuente"),
        max_length=300,
        help_text=_("Informe y año, p. ej. «Informe PQRSD 2018»."),
    )

    def __init__(self, *args: Any, entity: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "sub_channel", forms.ModelChoiceField
        ).queryset = SubChannel.objects.for_entity(entity)
