"""Programs, their cohorts and the organizations taking part (participations)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.pagination import DbId, PageParams, keyset_page, page_of
from tiwizi.programs.models import (
    Cohort,
    Participation,
    ParticipationStatus,
    Program,
    ProgramStatus,
)

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    description: str
    status: ProgramStatus
    start_date: datetime.date
    end_date: datetime.date
    target_province_ids: list[int]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_target_province_ids(obj: Program) -> list[int]:
        return [province.pk for province in obj.target_provinces.all()]


class ProgramFilters(PageParams):
    q: str | None = Field(None, max_length=200)
    status: ProgramStatus | None = None
    province: DbId | None = Field(None, description="Programs targeting this province id.")


def _programs(user: Any) -> Any:
    return Program.objects.visible_to(user).prefetch_related("target_provinces")


@router.get(
    "/programs", response=responses(page_of(ProgramOut, "ProgramPage")), summary="List programs"
)
def list_programs(request: HttpRequest, filters: Query[ProgramFilters]) -> Any:
    programs = _programs(user_of(request))
    if filters.status:
        programs = programs.filter(status=filters.status)
    if filters.province:
        programs = programs.in_province(filters.province)
    return keyset_page(programs.search(filters.q or ""), filters)


@router.get("/programs/{program_id}", response=responses(ProgramOut), summary="One program")
def get_program(request: HttpRequest, program_id: int) -> Any:
    return get_visible(_programs(user_of(request)), program_id)


class CohortOut(Schema):
    id: int
    program_id: int
    name: str
    start_date: datetime.date
    end_date: datetime.date


class CohortFilters(PageParams):
    program: DbId | None = None


@router.get(
    "/cohorts", response=responses(page_of(CohortOut, "CohortPage")), summary="List cohorts"
)
def list_cohorts(request: HttpRequest, filters: Query[CohortFilters]) -> Any:
    cohorts = Cohort.objects.visible_to(user_of(request))
    if filters.program:
        cohorts = cohorts.filter(program_id=filters.program)
    return keyset_page(cohorts, filters)


@router.get("/cohorts/{cohort_id}", response=responses(CohortOut), summary="One cohort")
def get_cohort(request: HttpRequest, cohort_id: int) -> Any:
    return get_visible(Cohort.objects.visible_to(user_of(request)), cohort_id)


class ParticipationOut(Schema):
    id: int
    cohort_id: int
    program_id: int
    organization_id: int
    status: ParticipationStatus
    since: datetime.date

    @staticmethod
    def resolve_program_id(obj: Participation) -> int:
        return obj.cohort.program_id


class ParticipationFilters(PageParams):
    program: DbId | None = None
    cohort: DbId | None = None
    organization: DbId | None = None
    status: ParticipationStatus | None = None


@router.get(
    "/participations",
    response=responses(page_of(ParticipationOut, "ParticipationPage")),
    summary="List participations (organizations in cohorts)",
)
def list_participations(request: HttpRequest, filters: Query[ParticipationFilters]) -> Any:
    participations = Participation.objects.visible_to(user_of(request)).select_related("cohort")
    lookups = {"program": "cohort__program_id", "cohort": "cohort_id",
               "organization": "organization_id", "status": "status"}  # fmt: skip
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            participations = participations.filter(**{lookup: value})
    return keyset_page(participations, filters)
