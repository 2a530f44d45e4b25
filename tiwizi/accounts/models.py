from functools import cached_property
from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are granted per organization (see ARCHITECTURE.md, "Who sees what")."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    TRAINER = "trainer", _("Trainer / coach")
    COOPERATIVE_MANAGER = "cooperative_manager", _("Cooperative manager")
    FUNDER = "funder", _("Funder")
    BUYER = "buyer", _("Buyer")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, by email. Their rights come from their grants."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        blank=True,
        choices=[("ar", "العربية"), ("fr", "Français"), ("en", "English")],
        help_text=_("Pages are shown in this language whenever you are signed in."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can open the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def role_pairs(self) -> frozenset[tuple[str, int]]:
        """(role, organization id) for every grant, read once per request."""
        return frozenset(self.grants.values_list("role", "organization_id"))

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _org in self.role_pairs)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or Role.PLATFORM_ADMIN in self.roles

    def organization_ids(self, *roles: str) -> set[int]:
        """Organizations where the user holds any of `roles` (all grants when none given)."""
        return {org for role, org in self.role_pairs if not roles or role in roles}

    def has_role(self, *roles: str) -> bool:
        return self.is_platform_admin or bool(self.roles.intersection(roles))


class Grant(models.Model):
    """A user's role within one organization (an NGO, a cooperative, a funder…)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="grant_unique_user_org_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="grant_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"
