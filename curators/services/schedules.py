"""The curator's visit schedule: dates planned ahead, beside the due date from the rule and the visits held."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from schools.models import CuratorAssignment, ProjectYear, School, User

from ..models import PlannedVisit


def planned_visit_add(
    *,
    school: School,
    year: ProjectYear,
    curator: User,
    planned_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> PlannedVisit:
    """Only the school's own curator plans its visits, and only for today or later within the project year."""
    today = today or timezone.localdate()
    if not CuratorAssignment.objects.filter(school=school, year=year, curator=curator).exists():
        raise ValidationError("Планировать визиты может только куратор этой школы.")
    if planned_on < today:
        raise ValidationError("Дата визита по графику уже прошла: проведённый визит вносится в журнал визитов.")
    if planned_on.year != year.year:
        raise ValidationError(f"Дата визита должна быть в {year.year} году.")
    if PlannedVisit.objects.filter(school=school, year=year, planned_on=planned_on).exists():
        raise ValidationError(f"Визит на {planned_on:%d.%m.%Y} уже есть в графике.")
    return PlannedVisit.objects.create(
        school=school, year=year, curator=curator, planned_on=planned_on, note=note.strip()[:300]
    )


def planned_visit_delete(*, planned: PlannedVisit, by: User) -> None:
    if planned.curator_id != by.pk:
        raise ValidationError("Убрать дату из графика может только куратор, который её запланировал.")
    planned.delete()
