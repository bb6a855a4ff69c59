"""Appointing curators (through `schools.services.curator_assign`, which moves the guardian perms) and contracts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

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
def curator_remove(*, assignment: CuratorAssignment, by: User) -> None:
    if not perms.can_appoint(by, assignment.school.municipality):
        raise PermissionDenied("Снимать кураторов в этом регионе может другой уровень координаторов")
    school_services.curator_unassign(assignment=assignment)


@transaction.atomic
def appointment_policy_set(*, region: Region, level: str) -> AppointmentPolicy:
    policy, _ = AppointmentPolicy.objects.update_or_create(region=region, defaults={"level": level})
    return policy


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
    region_id = regions.pop()
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
    for school in schools:
        a = assignments[school.pk]
        school_services.curator_assign(
            school=school,
            year=year,
            curator=curator,
            by=a.appointed_by,
            appointed_on=a.appointed_on,
            contract_number=contract.number,
            contract_date=signed_on,
        )
    return contract
