"""Which schools take part in a year, and the other programmes a school takes part in (seed 004's list)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import signals
from ..models import (
    Participation,
    ProjectYear,
    School,
    SchoolProgramme,
    User,
)


@transaction.atomic
def participations_end(*, participations: list[Participation], by: User | None) -> int:
    """Schools leave a project year (the synchronising import): the participation goes, the school, its
    documents, profiles and visits of that year stay; each departure is in the audit trail (in bulk)."""
    signals.announce_many(
        actor=by,
        action="participation_end",
        items=[
            {
                "obj": p.school,
                "school": p.school,
                "details": {"year": p.year.year, "school": p.school.short_name, "inn": p.school.inn},
            }
            for p in participations
        ],
    )
    return Participation.objects.filter(pk__in=[p.pk for p in participations]).delete()[0]


@transaction.atomic
def programme_add(*, school: School, year: ProjectYear, level: str, title: str, by: User) -> SchoolProgramme:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Укажите название программы.")
    if SchoolProgramme.objects.filter(school=school, year=year, title__iexact=title).exists():
        raise ValidationError(f"Программа «{title}» уже указана у школы.")
    programme = SchoolProgramme.objects.create(school=school, year=year, level=level, title=title)
    signals.announce(actor=by, action="programme_add", obj=programme, school=school, details={"title": title})
    return programme


@transaction.atomic
def programme_remove(*, programme: SchoolProgramme, by: User) -> None:
    signals.announce(
        actor=by, action="programme_remove", obj=programme, school=programme.school, details={"title": programme.title}
    )
    programme.delete()
