"""Appointing curators (through `schools.services.curator_assign`, which moves the guardian perms) and contracts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit import services as audit
from schools import services as school_services
from schools.models import CuratorAssignment, ProjectYear, Region, School, User

from .. import permissions as perms
from ..models import AppointmentPolicy, CuratorContract


def curator_user(*, email: str, last_name: str = "", first_name: str = "", middle_name: str = "") -> tuple[User, bool]:
    email = email.strip().lower()
    if not email:
        raise ValidationError("Укажите e-mail куратора.")
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    if not last_name.strip():
        raise ValidationError("Пользователя с таким e-mail нет: укажите фамилию и имя, чтобы создать учётную запись.")
    user = User.objects.create_user(
        email, last_name=last_name.strip(), first_name=first_name.strip(), middle_name=middle_name.strip()
    )
    return user, True


@transaction.atomic
def curator_appoint(
    *,
    school: School,
    year: ProjectYear,
    by: User,
    email: str,
    appointed_on: datetime.date,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
) -> CuratorAssignment:
    """Appoints a curator to a school (an existing user by e-mail, or a new one who gets an invitation)."""
    if not perms.can_appoint(by, school.municipality):
        raise PermissionDenied("Назначать кураторов в этом регионе может другой уровень координаторов")
    curator, created = curator_user(email=email, last_name=last_name, first_name=first_name, middle_name=middle_name)
    if not curator.is_active:
        raise ValidationError("Учётная запись этого пользователя отключена.")
    if curator.school_posts.filter(school=school).exists():
        raise ValidationError("Сотрудник школы не может быть её куратором: куратор приходит из другой школы.")
    existing = CuratorAssignment.objects.filter(school=school, year=year).first()
    assignment = school_services.curator_assign(
        school=school,
        year=year,
        curator=curator,
        by=by,
        appointed_on=appointed_on,
        contract_number=existing.contract_number if existing and existing.curator_id == curator.pk else "",
        contract_date=existing.contract_date if existing and existing.curator_id == curator.pk else None,
    )
    if created:
        transaction.on_commit(lambda: school_services.user_invite(user=curator))
    return assignment


@transaction.atomic
def curator_remove(*, assignment: CuratorAssignment, by: User, reason: str = "") -> None:
    """«Снять куратора»: the assignment ends, the curator's rights on the school are revoked (each revocation is in
    the audit trail through the permission rows' signals), and the removal itself with its reason."""
    if not perms.can_appoint(by, assignment.school.municipality):
        raise PermissionDenied("Снимать кураторов в этом регионе может другой уровень координаторов")
    if not reason.strip():
        raise ValidationError("Укажите причину, по которой куратор снимается со школы.")
    school, curator = assignment.school, assignment.curator
    school_services.curator_unassign(assignment=assignment)
    audit.record(
        actor=by,
        action="curator_remove",
        obj=school,
        details={"curator": curator.email, "year": assignment.year.year, "reason": reason.strip()},
    )


@transaction.atomic
def appointment_policy_set(*, region: Region, level: str) -> AppointmentPolicy:
    policy, _ = AppointmentPolicy.objects.update_or_create(region=region, defaults={"level": level})
    return policy


def _contract_check(
    *, by: User, year: ProjectYear, curator: User, starts_on, ends_on, schools: list[School]
) -> tuple[int, dict]:
    """The rules a contract's schools and period follow on creation and on every edit."""
    if starts_on > ends_on:
        raise ValidationError("Дата окончания договора раньше даты начала.")
    if not schools:
        raise ValidationError("Выберите хотя бы одну школу по договору.")
    assignments = {
        a.school_id: a
        for a in CuratorAssignment.objects.filter(year=year, curator=curator, school__in=schools).select_related(
            "school__municipality"
        )
    }
    missing = [s.short_name for s in schools if s.pk not in assignments]
    if missing:
        raise ValidationError(f"Куратор не назначен в школы: {', '.join(missing)}.")
    regions = {s.municipality.region_id for s in schools}
    if len(regions) != 1:
        raise ValidationError("Все школы договора должны быть из одного региона.")
    for school in schools:
        if not perms.can_appoint(by, school.municipality):
            raise PermissionDenied(f"Нет прав оформлять договоры для школы «{school.short_name}»")
    return regions.pop(), assignments


def _stamp(*, contract: CuratorContract, schools: list[School], assignments: dict) -> None:
    for school in schools:
        a = assignments[school.pk]
        school_services.curator_assign(
            school=school,
            year=contract.year,
            curator=contract.curator,
            by=a.appointed_by,
            appointed_on=a.appointed_on,
            contract_number=contract.number,
            contract_date=contract.signed_on,
        )


@transaction.atomic
def contract_create(
    *,
    by: User,
    year: ProjectYear,
    curator: User,
    number: str,
    signed_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    schools: list[School],
) -> CuratorContract:
    """Records a curator's contract for the schools they curate; the assignments get its number and date."""
    region_id, assignments = _contract_check(
        by=by, year=year, curator=curator, starts_on=starts_on, ends_on=ends_on, schools=schools
    )
    if CuratorContract.objects.filter(year=year, region_id=region_id, number=number.strip()).exists():
        raise ValidationError(f"Договор № {number} уже есть в этом регионе.")
    contract = CuratorContract.objects.create(
        curator=curator,
        year=year,
        region_id=region_id,
        number=number.strip(),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    contract.schools.set(schools)
    _stamp(contract=contract, schools=schools, assignments=assignments)
    return contract


def check_contract_manage(user, contract: CuratorContract) -> None:
    """Changing a contract needs the appointing right on each of its schools (403 otherwise)."""
    for school in contract.schools.select_related("municipality"):
        if not perms.can_appoint(user, school.municipality):
            raise PermissionDenied(f"Нет прав изменять договоры школы «{school.short_name}»")


@transaction.atomic
def contract_update(
    *,
    contract: CuratorContract,
    by: User,
    number: str,
    signed_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    schools: list[School],
) -> CuratorContract:
    """Edits a contract: number, dates, schools. Schools taken off it lose its number on their assignment."""
    if contract.is_ended:
        raise ValidationError("Договор расторгнут: изменять его нельзя.")
    check_contract_manage(by, contract)
    region_id, assignments = _contract_check(
        by=by, year=contract.year, curator=contract.curator, starts_on=starts_on, ends_on=ends_on, schools=schools
    )
    if region_id != contract.region_id:
        raise ValidationError("Школы договора должны быть из региона договора.")
    taken = (
        CuratorContract.objects.filter(year=contract.year, region_id=region_id, number=number.strip())
        .exclude(pk=contract.pk)
        .exists()
    )
    if taken:
        raise ValidationError(f"Договор № {number} уже есть в этом регионе.")
    before = {
        "number": contract.number,
        "signed_on": contract.signed_on.isoformat(),
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "schools": sorted(contract.schools.values_list("pk", flat=True)),
    }
    removed = contract.schools.exclude(pk__in=[s.pk for s in schools])
    CuratorAssignment.objects.filter(
        year=contract.year, curator=contract.curator, school__in=removed, contract_number=contract.number
    ).update(contract_number="", contract_date=None)
    contract.number, contract.signed_on = number.strip(), signed_on
    contract.starts_on, contract.ends_on = starts_on, ends_on
    contract.save()
    contract.schools.set(schools)
    _stamp(contract=contract, schools=schools, assignments=assignments)
    audit.record(
        actor=by,
        action="contract_update",
        obj=contract,
        region_id=contract.region_id,
        details={"before": before, "schools": sorted(s.pk for s in schools)},
    )
    return contract


@transaction.atomic
def contract_end(*, contract: CuratorContract, by: User, ended_on: datetime.date, reason: str) -> CuratorContract:
    """Ends a contract early (расторжение) with its date and reason; the curator stays appointed until removed."""
    check_contract_manage(by, contract)
    if contract.is_ended:
        raise ValidationError("Договор уже расторгнут.")
    if not reason.strip():
        raise ValidationError("Укажите причину расторжения договора.")
    if ended_on < contract.starts_on:
        raise ValidationError("Дата расторжения раньше начала действия договора.")
    contract.ended_on = ended_on
    contract.end_reason = reason.strip()[:500]
    contract.save(update_fields=["ended_on", "end_reason"])
    audit.record(
        actor=by,
        action="contract_end",
        obj=contract,
        region_id=contract.region_id,
        details={"ended_on": ended_on.isoformat(), "reason": contract.end_reason},
    )
    return contract
