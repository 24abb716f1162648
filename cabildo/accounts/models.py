"""Users (email login) and their memberships in entities, with a role each."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cabildo.core.models import Area, TenantModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("The email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class DocumentType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    CE = "CE", _("Cédula de extranjería")
    TI = "TI", _("Tarjeta de identidad")
    PA = "PA", _("Pasaporte")
    PPT = "PPT", _("Permiso por protección temporal")
    NIT = "NIT", _("NIT")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("correo electrónico"), unique=True)
    full_name = models.CharField(_("nombre completo"), max_length=200)
    document_type = models.CharField(
        _("tipo de documento"), max_length=4, choices=DocumentType.choices, blank=True
    )
    document_number = models.CharField(_("número de documento"), max_length=30, blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    is_staff = models.BooleanField(
        _("acceso al administrador técnico"),
        default=False,
        help_text=_("Permite entrar al administrador técnico de Django."),
    )
    date_joined = models.DateTimeField(_("fecha de registro"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    ENTITY_ADMIN = "entity_admin", _("Administrador de la entidad")
    PARTICIPATION_LEAD = "participation_lead", _("Líder de participación")
    AREA_LIAISON = "area_liaison", _("Enlace de participación de dependencia")
    PLANNING_OFFICE = "planning_office", _("Oficina de planeación")
    INTERNAL_CONTROL = "internal_control", _("Control interno")
    VIEWER = "viewer", pgettext_lazy("rol", "Consulta")


class Membership(TenantModel):
    """A user's role in an entity, optionally tied to one area (area liaisons)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("usuario")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("dependencia"),
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vinculación")
        verbose_name_plural = _("vinculaciones")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entity", "role", "area"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "entity", "role"],
                condition=Q(area__isnull=True),
                name="membership_unique_without_area",
            ),
            models.CheckConstraint(
                condition=~Q(role="area_liaison") | Q(area__isnull=False),
                name="membership_liaison_has_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.entity}"


class Invitation(TenantModel):
    """An entity admin's invitation to a role, sent by email; the role is given only when the
    invited person accepts it (signed, expiring, single-use link: ``accounts.invitations``).
    An existing account accepts it while signed in: the admin never sees more of that person
    than what the admin typed, until the person accepts."""

    email = models.EmailField(_("correo electrónico"), max_length=254)
    full_name = models.CharField(_("nombre completo"), max_length=200)
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("dependencia"),
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invitada por"),
    )
    # Random part of the signed link: a link cannot be made from the row's id alone.
    nonce = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("vence"))
    accepted_at = models.DateTimeField(_("aceptada"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("aceptada por"),
    )

    history = HistoricalRecords()
    invalidates_public_pages = False  # no public page lists invitations

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    class Meta:
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="area_liaison") | Q(area__isnull=False),
                name="invitation_liaison_has_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.entity}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
