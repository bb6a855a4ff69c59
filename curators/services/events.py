"""Writes about seminars and webinars: creating them with invited schools and people, marking attendance.

Seed 002 step 9 and step 18: «100 % участников всех уровней» — so an event invites schools and, by level,
the curators, municipal and regional coordinators within its scope (its region, or every region for a
federal event); attendance is marked per school and per person.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from schools import signals as school_signals
from schools.models import CuratorAssignment, ProjectYear, Region, RoleAssignment, School, User

from ..models import Event, EventInvite, EventParticipant

PERSON_LEVELS = (
    EventParticipant.Level.CURATOR,
    EventParticipant.Level.MUNICIPAL,
    EventParticipant.Level.REGIONAL,
)


def people_of_level(*, year: ProjectYear, level: str, region: Region | None) -> list[int]:
    """User ids of one level within an event's scope (a region, or everyone for a federal event)."""
    if level == EventParticipant.Level.CURATOR:
        qs = CuratorAssignment.objects.filter(year=year)
        if region is not None:
            qs = qs.filter(school__municipality__region=region)
        return sorted(set(qs.values_list("curator_id", flat=True)))
    kind = RoleAssignment.Kind.MUNICIPAL if level == EventParticipant.Level.MUNICIPAL else RoleAssignment.Kind.REGIONAL
    qs = RoleAssignment.objects.filter(year=year, kind=kind)
    if region is not None:
        qs = (
            qs.filter(region=region) if kind == RoleAssignment.Kind.REGIONAL else qs.filter(municipality__region=region)
        )
    return sorted(set(qs.values_list("user_id", flat=True)))


@transaction.atomic
def event_create(
    *,
    year: ProjectYear,
    region: Region | None,
    kind: str,
    format: str,
    title: str,
    held_on: datetime.date,
    schools: list[School],
    by: User,
    place: str = "",
    description: str = "",
    audience: list[str] | tuple[str, ...] = (),
) -> Event:
    if not title.strip():
        raise ValidationError("Укажите название мероприятия.")
    unknown = set(audience) - set(PERSON_LEVELS)
    if unknown:
        raise ValidationError("Неизвестный уровень участников.")
    if not schools and not audience:
        raise ValidationError("Пригласите школы или участников хотя бы одного уровня.")
    if region is not None:
        foreign = [s.short_name for s in schools if s.municipality.region_id != region.pk]
        if foreign:
            raise ValidationError(f"Школы не из региона мероприятия: {', '.join(foreign)}.")
    levels = [lv for lv in PERSON_LEVELS if lv in audience]
    event = Event.objects.create(
        year=year,
        region=region,
        kind=kind,
        format=format,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        description=description.strip(),
        created_by=by,
        audience=([EventParticipant.Level.SCHOOL.value] if schools else []) + [str(lv) for lv in levels],
    )
    EventInvite.objects.bulk_create(EventInvite(event=event, school=s) for s in schools)
    EventParticipant.objects.bulk_create(
        EventParticipant(event=event, user_id=user_id, level=level)
        for level in levels
        for user_id in people_of_level(year=year, level=level, region=region)
    )
    return event


@transaction.atomic
def event_attendance_mark(
    *,
    event: Event,
    present_school_ids: set[int],
    by: User,
    today: datetime.date,
    present_participant_ids: set[int] | None = None,
) -> int:
    """Marks every invited school and person present or absent (only after the event has taken place).

    Returns how many schools and people were present."""
    if event.held_on > today:
        raise ValidationError("Участие отмечают после того, как мероприятие состоялось.")
    invites = list(event.invites.all())
    for invite in invites:
        invite.attended = invite.school_id in present_school_ids
        invite.marked_by = by
    EventInvite.objects.bulk_update(invites, ["attended", "marked_by"])
    people = list(event.participants.all())
    present_participant_ids = present_participant_ids or set()
    for p in people:
        p.attended = p.pk in present_participant_ids
        p.marked_by = by
    EventParticipant.objects.bulk_update(people, ["attended", "marked_by"])
    school_signals.announce_schools_changed(i.school_id for i in invites)
    return sum(1 for i in invites if i.attended) + sum(1 for p in people if p.attended)
