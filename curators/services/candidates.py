"""The pool of curator candidates: nomination, the selection step (interview, decision), appointment from the pool.

A candidate gets an account at nomination (and an invitation), so they can answer the candidate questionnaire
before anyone is appointed (seed 002 step 5: 100 % of candidates answer by 10.02; step 6: curators by 15.02).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from schools import permissions
from schools import services as school_services
from schools.models import CuratorAssignment, CuratorCandidate, Municipality, ProjectYear, Region, School, User

from .appointments import curator_appoint, curator_user


def can_manage_pool(user, *, region: Region, municipality: Municipality | None) -> bool:
    """Municipal coordinators keep their municipality's pool, regional ones every pool of the region."""
    scope = permissions.scope_for(user)
    if scope.everything or region.pk in scope.region_ids:
        return True
    return municipality is not None and municipality.pk in scope.municipality_ids


@transaction.atomic
def candidate_nominate(
    *,
    year: ProjectYear,
    region: Region,
    municipality: Municipality | None,
    by: User,
    email: str,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
    workplace: str = "",
) -> CuratorCandidate:
    """Adds a person to the pool; a new person gets an account and an invitation to the questionnaire."""
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError("Муниципалитет не из этого региона.")
    if not can_manage_pool(by, region=region, municipality=municipality):
        raise PermissionDenied("Выдвигать кандидатов может координатор этого муниципалитета или региона")
    user, created = curator_user(email=email, last_name=last_name, first_name=first_name, middle_name=middle_name)
    if not user.is_active:
        raise ValidationError("Учётная запись этого пользователя отключена.")
    existing = CuratorCandidate.objects.filter(user=user, year=year).select_related("region", "municipality").first()
    if existing:
        where = existing.municipality or existing.region
        raise ValidationError(f"{user.full_name or user.email} уже в списке кандидатов этого года ({where}).")
    candidate = CuratorCandidate.objects.create(
        user=user,
        year=year,
        region=region,
        municipality=municipality,
        workplace=workplace.strip(),
        nominated_by=by,
    )
    audit.record(
        actor=by,
        action="candidate_nominate",
        obj=candidate,
        region_id=region.pk,
        details={"email": user.email, "municipality": str(municipality or "")},
    )
    if created:
        transaction.on_commit(lambda: school_services.user_invite(user=user))
    return candidate


@transaction.atomic
def candidate_decide(
    *,
    candidate: CuratorCandidate,
    by: User,
    decision: str,
    interview_on: datetime.date | None = None,
    note: str = "",
) -> CuratorCandidate:
    """The selection step: the interview date, the decision and a note (a refusal needs its reason)."""
    if not can_manage_pool(by, region=candidate.region, municipality=candidate.municipality):
        raise PermissionDenied("Решение по кандидату принимает координатор его муниципалитета или региона")
    if decision not in CuratorCandidate.Decision.values:
        raise ValidationError("Неизвестное решение.")
    if decision == CuratorCandidate.Decision.REJECTED and not note.strip():
        raise ValidationError("Укажите, почему кандидат не отобран.")
    if decision == CuratorCandidate.Decision.SELECTED and interview_on is None:
        raise ValidationError("Укажите дату собеседования: кандидата отбирают после собеседования.")
    candidate.decision = decision
    candidate.interview_on = interview_on
    candidate.note = note.strip()
    candidate.decided_by = by if decision != CuratorCandidate.Decision.PENDING else None
    candidate.decided_at = timezone.now() if decision != CuratorCandidate.Decision.PENDING else None
    candidate.save()
    audit.record(
        actor=by,
        action="candidate_decide",
        obj=candidate,
        region_id=candidate.region_id,
        details={"decision": decision, "interview_on": interview_on.isoformat() if interview_on else ""},
    )
    return candidate


@transaction.atomic
def candidate_appoint(
    *, candidate: CuratorCandidate, school: School, by: User, appointed_on: datetime.date
) -> CuratorAssignment:
    """Appoints a selected candidate as the school's curator (the appointment rules of `curator_appoint`)."""
    if candidate.decision != CuratorCandidate.Decision.SELECTED:
        raise ValidationError("Назначить можно только отобранного кандидата: сначала запишите решение по отбору.")
    if school.municipality.region_id != candidate.region_id:
        raise ValidationError("Школа не из региона кандидата.")
    if candidate.municipality_id and school.municipality_id != candidate.municipality_id:
        raise ValidationError(f"Кандидат из резерва «{candidate.municipality}»: выберите школу этого муниципалитета.")
    if not school.participations.filter(year=candidate.year).exists():
        raise ValidationError("Школа не участвует в проекте в этом году.")
    return curator_appoint(
        school=school, year=candidate.year, by=by, email=candidate.user.email, appointed_on=appointed_on
    )
