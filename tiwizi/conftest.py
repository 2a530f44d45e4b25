"""Fixtures shared by every app's tests: organizations, users with grants, clients."""

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.registry.models import Organization

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings: Any) -> None:
    # A fast hasher keeps the suite quick; lockouts are tested on purpose where needed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_organization(db: None) -> Callable[..., Organization]:
    def make(kind: str = Organization.Kind.COOPERATIVE, **fields: Any) -> Organization:
        n = next(_sequence)
        fields.setdefault("name_fr", f"Coopérative Test {n}")
        stewards = fields.pop("stewards", [])
        organization = Organization.objects.create(kind=kind, **fields)
        if stewards:
            organization.stewards.set(stewards)
        return organization

    return make


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        role: str | None = None, organization: Organization | None = None, **fields: Any
    ) -> User:
        n = next(_sequence)
        fields.setdefault("email", f"user{n}@example.org")
        fields.setdefault("full_name", f"Test User {n}")
        user = User.objects.create_user(password="correct horse battery", **fields)
        if role:
            if organization is None:
                organization = Organization.objects.create(
                    kind=Organization.Kind.NGO, name_fr=f"Organisation {n}"
                )
            Grant.objects.create(user=user, organization=organization, role=role)
        return user

    return make


@pytest.fixture
def ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Association Tiwizi Test")


@pytest.fixture
def program_manager(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.PROGRAM_MANAGER, ngo)


@pytest.fixture
def platform_admin(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.PLATFORM_ADMIN, ngo, is_staff=True)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
