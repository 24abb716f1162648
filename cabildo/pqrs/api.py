"""PQRSD API: public filing and tracking; staff list and detail (``/api/v1/pqrs/``)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import pagination, permissions, serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import throttle
from cabildo.core.drf import RulesPermission
from cabildo.core.forms import PUBLIC_TEXT_MAX_LENGTH
from cabildo.core.http import request_entity as _entity
from cabildo.core.net import client_key
from cabildo.core.throttle import PublicFormThrottle, ThrottledAPIViewMixin
from cabildo.pqrs import selectors
from cabildo.pqrs.filters import PetitionFilterSet, SubChannelFilterSet
from cabildo.pqrs.models import Channel, DocumentType, Petition, PetitionKind, SubChannel
from cabildo.pqrs.services.configuration import kinds_ensure_defaults
from cabildo.pqrs.services.filing import Requester, petition_file
from cabildo.pqrs.services.tracking import petition_track
from cabildo.pqrs.views import TRACK_LIMIT


class RequesterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, allow_blank=True, default=""
    )
    document = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttachmentInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(
        help_text=gettext_lazy("Contenido del archivo en base64.")
    )


class PetitionCreateSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=gettext_lazy("Código de la clase, p. ej. «queja»."))
    subject = serializers.CharField(max_length=200)
    # The same limits as the public form (PublicFormMixin) and the model.
    description = serializers.CharField(max_length=PUBLIC_TEXT_MAX_LENGTH)
    anonymous = serializers.BooleanField(default=False)
    requester = RequesterSerializer(required=False, allow_null=True)
    consent = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Autorización de tratamiento de datos (Ley 1581); obligatoria con datos personales."
        ),
    )
    is_priority = serializers.BooleanField(default=False)
    priority_reason = serializers.CharField(
        max_length=Petition._meta.get_field("priority_reason").max_length,
        required=False,
        allow_blank=True,
        default="",
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text=gettext_lazy("Solo funcionarios: canal de recepción."),
    )
    filed_at = serializers.DateTimeField(
        required=False,
        help_text=gettext_lazy("Solo funcionarios: fecha y hora reales de recepción."),
    )
    sub_channel = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=gettext_lazy(
            "Id del subcanal (punto de atención) del canal de la petición, de "
            "/api/v1/pqrs/subcanales/. El público solo puede indicar subcanales del formulario web."
        ),
    )
    attachments = AttachmentInSerializer(many=True, required=False)


class SubChannelSerializer(serializers.ModelSerializer):
    channel_label = serializers.CharField(source="get_channel_display")

    class Meta:
        model = SubChannel
        fields = ["id", "channel", "channel_label", "name"]


class FilingResultSerializer(serializers.Serializer):
    filing_number = serializers.CharField()
    tracking_code = serializers.CharField()
    filed_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    channel = serializers.CharField()
    sub_channel = SubChannelSerializer(allow_null=True)
    skipped_days = serializers.ListField(child=serializers.DictField())


class StatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    at = serializers.DateTimeField()


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    channel = serializers.CharField()
    answered_at = serializers.DateTimeField()


class TrackingSerializer(serializers.Serializer):
    filing_number = serializers.CharField()
    kind = serializers.CharField(source="kind.name")
    subject = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    closing_reason = serializers.CharField()
    filed_at = serializers.DateTimeField()
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    sub_channel = SubChannelSerializer(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    deadline_status = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(StatusSerializer)
    def get_deadline_status(self, obj: Petition) -> dict[str, str]:
        status_ = selectors.deadline_status_for(obj)
        return {"code": status_.code, "label": status_.label}

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, obj: Petition) -> dict[str, Any] | None:
        if not obj.answered_at or obj.status != "respondida":
            return None
        return {
            "text": obj.answer_text,
            "channel": obj.answer_channel,
            "answered_at": obj.answered_at.isoformat(),
        }

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, obj: Petition) -> list[dict[str, Any]]:
        return EventSerializer(selectors.public_timeline(obj), many=True).data


class StaffPetitionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code")
    kind_name = serializers.CharField(source="kind.name")
    area = serializers.CharField(source="area.name", allow_null=True, default=None)
    assigned_to = serializers.CharField(
        source="assigned_to.full_name", allow_null=True, default=None
    )
    deadline_status = serializers.SerializerMethodField()
    sub_channel = SubChannelSerializer(allow_null=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "filing_number",
            "kind",
            "kind_name",
            "channel",
            "sub_channel",
            "subject",
            "status",
            "closing_reason",
            "filed_at",
            "term_days",
            "due_date",
            "extended",
            "is_priority",
            "anonymous",
            "area",
            "assigned_to",
            "answered_at",
            "deadline_status",
        ]

    @extend_schema_field(StatusSerializer)
    def get_deadline_status(self, obj: Petition) -> dict[str, str]:
        ctx = self.context.get("semaphore")
        status_ = (
            selectors.deadline_status_of(obj, ctx) if ctx else selectors.deadline_status_for(obj)
        )
        return {"code": status_.code, "label": status_.label}


class StaffPetitionDetailSerializer(StaffPetitionSerializer):
    description = serializers.CharField()
    requester = serializers.SerializerMethodField()
    answer_text = serializers.CharField()
    timeline = serializers.SerializerMethodField()

    class Meta(StaffPetitionSerializer.Meta):
        fields = [
            *StaffPetitionSerializer.Meta.fields,
            "description",
            "requester",
            "answer_text",
            "timeline",
        ]

    @extend_schema_field(RequesterSerializer(allow_null=True))
    def get_requester(self, obj: Petition) -> dict[str, str] | None:
        if obj.anonymous:
            return None
        return {
            "name": obj.requester_name,
            "document_type": obj.requester_document_type,
            "document": obj.requester_document_number,
            "email": obj.requester_email,
            "phone": obj.requester_phone,
            "address": obj.requester_address,
        }

    def get_timeline(self, obj: Petition) -> list[dict[str, Any]]:
        return [
            {**EventSerializer(e).data, "public": e.is_public}
            for e in selectors.staff_timeline(obj)
        ]


ERROR_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT, description=gettext_lazy('{"detail": "…", "errors": {…}}')
)


def _decode_attachments(items: list[dict[str, str]]) -> list[SimpleUploadedFile]:
    files = []
    for item in items:
        try:
            content = base64.b64decode(item["content_base64"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(
                {
                    "attachments": [
                        _("El anexo «%(name)s» no está en base64.") % {"name": item["name"]}
                    ]
                }
            ) from exc
        files.append(SimpleUploadedFile(item["name"], content))
    return files


def _sub_channel(entity: Any, pk: int, channel: str) -> tuple[SubChannel | None, list[str]]:
    """The sub-channel a filing names, or why it cannot be used: it must exist, belong to
    this entity, be active and sit under the filing's channel."""
    sub = SubChannel.objects.filter(pk=pk).first()
    if sub is None:
        return None, [_("El subcanal %(id)s no existe.") % {"id": pk}]
    if sub.entity_id != entity.pk:
        return None, [_("El subcanal %(id)s no es de esta entidad.") % {"id": pk}]
    if not sub.is_active:
        return None, [_("El subcanal «%(name)s» ya no está activo.") % {"name": sub.name}]
    if sub.channel != channel:
        return None, [
            _("El subcanal «%(name)s» es del canal «%(sub)s», no del canal «%(channel)s».")
            % {
                "name": sub.name,
                "sub": sub.get_channel_display(),
                "channel": Channel(channel).label,
            }
        ]
    return sub, []


def _active_kind(entity: Any, code: str) -> PetitionKind | None:
    return PetitionKind.objects.for_entity(entity).filter(code=code, is_active=True).first()


class PetitionCreateAPIView(ThrottledAPIViewMixin, APIView):
    """Radicar una PQRSD (público). Funcionarios pueden indicar canal y fecha de recepción."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicFormThrottle]
    throttle_scope = "pqrs"

    @extend_schema(
        operation_id="pqrs_create",
        request=PetitionCreateSerializer,
        responses={201: FilingResultSerializer, 400: ERROR_RESPONSE, 429: ERROR_RESPONSE},
        tags=["PQRSD"],
    )
    def post(self, request: Request) -> Response:
        entity = _entity(request)
        serializer = PetitionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        is_staff = request.user.has_perm("pqrs.add_petition", entity)
        errors: dict[str, list[str]] = {}
        if not is_staff:
            for name in ("channel", "filed_at"):
                if name in data:
                    errors[name] = [
                        _("Solo los funcionarios de la entidad pueden indicar este dato.")
                    ]
        kind = _active_kind(entity, data["kind"])
        if kind is None and not PetitionKind.objects.for_entity(entity).exists():
            kinds_ensure_defaults(entity=entity)  # an entity not configured yet
            kind = _active_kind(entity, data["kind"])
        if kind is None:
            errors["kind"] = [
                _("La clase de petición «%(code)s» no existe.") % {"code": data["kind"]}
            ]
        channel = data.get("channel", Channel.WEB) if is_staff else Channel.WEB
        sub_channel = None
        if data.get("sub_channel") is not None:
            sub_channel, problems = _sub_channel(entity, data["sub_channel"], channel)
            if problems:
                errors["sub_channel"] = problems
        if errors:
            raise serializers.ValidationError(errors)
        requester_data = data.get("requester") or {}
        files = _decode_attachments(data.get("attachments") or [])
        try:
            result = petition_file(
                entity=entity,
                kind=kind,
                subject=data["subject"],
                description=data["description"],
                channel=channel,
                sub_channel=sub_channel,
                filed_at=data.get("filed_at"),
                anonymous=data["anonymous"],
                requester=Requester(
                    name=requester_data.get("name", ""),
                    document_type=requester_data.get("document_type", ""),
                    document_number=requester_data.get("document", ""),
                    email=requester_data.get("email", ""),
                    phone=requester_data.get("phone", ""),
                    address=requester_data.get("address", ""),
                ),
                consent_given=data["consent"],
                is_priority=data["is_priority"],
                priority_reason=data["priority_reason"],
                attachments=files,
                actor=request.user if is_staff else None,
                request=request._request,
                consent_channel="api",
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            ) from exc
        PublicFormThrottle.accepted(request, self)  # only accepted filings use up the limit
        petition = result.petition
        body = {
            "filing_number": petition.filing_number,
            "tracking_code": result.tracking_code,
            "filed_at": petition.filed_at,
            "due_date": petition.due_date,
            "status": petition.status,
            "channel": petition.channel,
            "sub_channel": petition.sub_channel,
            "skipped_days": [s.as_dict() for s in result.skipped],
        }
        return Response(FilingResultSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        operation_id="pqrs_sub_channels",
        responses={200: SubChannelSerializer(many=True), 400: ERROR_RESPONSE},
        tags=["PQRSD"],
    )
)
class SubChannelListAPIView(ListAPIView):
    """Subcanales (puntos de atención) activos de la entidad, por canal: el id que se indica
    al radicar."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SubChannelSerializer
    filterset_class = SubChannelFilterSet
    pagination_class = None  # a handful per entity

    def get_queryset(self) -> QuerySet[SubChannel]:
        if getattr(self, "swagger_fake_view", False):
            return SubChannel.objects.none()
        return SubChannel.objects.for_entity(_entity(self.request)).filter(is_active=True)


TRACKING_HEADER = "X-Tracking-Code"


class TrackingCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text=gettext_lazy("Código de seguimiento."))


class PetitionTrackAPIView(APIView):
    """Seguimiento ciudadano: número de radicado + código → historial público y respuesta.

    El código viaja en el encabezado ``X-Tracking-Code`` (GET) o en el cuerpo (POST), nunca en
    la dirección: las direcciones quedan en los registros de acceso de los servidores."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="pqrs_track",
        parameters=[
            OpenApiParameter(
                TRACKING_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=True,
                description=gettext_lazy("Código de seguimiento."),
            ),
        ],
        responses={
            200: TrackingSerializer,
            400: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
        tags=["PQRSD"],
    )
    def get(self, request: Request, filing_number: str) -> Response:
        return self._track(request, filing_number, request.headers.get(TRACKING_HEADER, ""))

    @extend_schema(
        operation_id="pqrs_track_post",
        request=TrackingCodeSerializer,
        responses={
            200: TrackingSerializer,
            400: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
            429: ERROR_RESPONSE,
        },
        tags=["PQRSD"],
    )
    def post(self, request: Request, filing_number: str) -> Response:
        body = TrackingCodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._track(request, filing_number, body.validated_data["code"])

    def _track(self, request: Request, filing_number: str, code: str) -> Response:
        if "code" in request.query_params:
            raise serializers.ValidationError(
                {
                    "code": [
                        _(
                            "Envíe el código de seguimiento en el encabezado X-Tracking-Code o "
                            "en el cuerpo de un POST, nunca en la dirección."
                        )
                    ]
                }
            )
        entity = _entity(request)
        # Wrong codes count per address, atomically (the same counter as the tracking page).
        slot = throttle.reserve("pqrs_track", client_key(request), limit=TRACK_LIMIT)
        if slot.over:
            slot.release()
            raise Throttled(
                wait=slot.wait,
                detail=_("Demasiados intentos fallidos desde su conexión. Espere 15 minutos."),
            )
        try:
            petition = petition_track(entity=entity, filing_number=filing_number, code=code)
        except BaseException:
            slot.release()
            raise
        if petition is None:
            raise NotFound(_("No encontrado."))
        slot.release()  # found: only wrong codes use up the limit
        return Response(TrackingSerializer(petition).data)


class PetitionCursorPagination(pagination.BasePagination):
    """Keyset pagination of the staff list (``selectors.keyset_page``, the same pages as the HTML
    list): on (filed_at, id), or on (due_date nulls last, id) with ``order=vencimiento``. The
    answer has no ``count`` (counting 300,000 rows a year per page is what keysets avoid)."""

    page: selectors.Page
    request: Request

    def paginate_queryset(
        self, queryset: QuerySet[Petition], request: Request, view: Any = None
    ) -> list[Petition]:
        self.request = request
        order = request.query_params.get("order", selectors.ORDER_FILED)  # validated already
        cursor = request.query_params.get("cursor", "")
        if cursor and not selectors.cursor_is_valid(cursor, order=order):
            raise serializers.ValidationError(
                {"cursor": [_("Cursor no válido: use el enlace «next» de la página anterior.")]}
            )
        self.page = selectors.keyset_page(queryset, cursor=cursor, ctx=view.ctx, order=order)
        return [row.petition for row in self.page.rows]

    def get_paginated_response(self, data: Any) -> Response:
        next_url = None
        if self.page.next_cursor:
            next_url = replace_query_param(
                self.request.build_absolute_uri(), "cursor", self.page.next_cursor
            )
        return Response({"next": next_url, "next_cursor": self.page.next_cursor, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "next_cursor": {"type": "string", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": str(_("Cursor de la página siguiente (de «next_cursor»).")),
                "schema": {"type": "string"},
            }
        ]


@extend_schema_view(
    get=extend_schema(
        operation_id="pqrs_staff_list",
        responses={
            200: StaffPetitionSerializer(many=True),
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
        },
        tags=["PQRSD"],
    )
)
class StaffPetitionListAPIView(ListAPIView):
    """Listado de gestión con filtros y paginación por cursor (keyset)."""

    permission_classes = [RulesPermission]
    permission_required = "pqrs.view_petition_list"
    serializer_class = StaffPetitionSerializer
    filterset_class = PetitionFilterSet
    pagination_class = PetitionCursorPagination
    ctx: selectors.SemaphoreContext

    def get_queryset(self) -> QuerySet[Petition]:
        if getattr(self, "swagger_fake_view", False):
            return Petition.objects.none()
        entity = _entity(self.request)
        self.ctx = selectors.semaphore_context(entity=entity)
        return selectors.petition_list(entity=entity, user=self.request.user, ctx=self.ctx)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "ctx"):
            context["semaphore"] = self.ctx
        return context


class StaffPetitionDetailAPIView(APIView):
    permission_classes = [RulesPermission]
    object_permission = "pqrs.view_petition"

    @extend_schema(
        operation_id="pqrs_staff_detail",
        responses={200: StaffPetitionDetailSerializer, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE},
        tags=["PQRSD"],
    )
    def get(self, request: Request, pk: int) -> Response:
        entity = _entity(request)
        try:
            petition = selectors.petition_detail(entity=entity, pk=pk)
        except Petition.DoesNotExist as exc:
            raise Http404 from exc
        self.check_object_permissions(request, petition)
        # The answer carries the requester's identity and contact: the read is logged.
        access_record(
            request=request,
            action=AccessAction.PERSONAL_DATA_VIEW,
            target=petition,
            detail=petition.filing_number,
        )
        return Response(StaffPetitionDetailSerializer(petition).data)


urlpatterns = [
    path("pqrs/", PetitionCreateAPIView.as_view(), name="pqrs_create"),
    path("pqrs/subcanales/", SubChannelListAPIView.as_view(), name="pqrs_sub_channels"),
    path("pqrs/gestion/", StaffPetitionListAPIView.as_view(), name="pqrs_staff_list"),
    path("pqrs/gestion/<int:pk>/", StaffPetitionDetailAPIView.as_view(), name="pqrs_staff_detail"),
    path("pqrs/<str:filing_number>/", PetitionTrackAPIView.as_view(), name="pqrs_track"),
]
