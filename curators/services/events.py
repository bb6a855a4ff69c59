"""Writes about seminars and webinars: creating them with invited schools and marking attendance."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from schools import signals as school_signals
from schools.models import ProjectYear, Region, School, User

from ..models import Event, EventInvite


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
) -> Event:
    if not title.strip():
        raise ValidationError("Укажите название мероприятия.")
    if region is not None:
        foreign = [s.short_name for s in schools if s.municipality.region_id != region.pk]
        if foreign:
            raise ValidationError(f"Школы не из региона мероприятия: {', '.join(foreign)}.")
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
    )
    EventInvite.objects.bulk_create(EventInvite(event=event, school=s) for s in schools)
    return event


@transaction.atomic
def event_attendance_mark(*, event: Event, present_school_ids: set[int], by: User, today: datetime.date) -> int:
    """Marks every invited school present or absent (only after the event has taken place)."""
    if event.held_on > today:
        raise ValidationError("Участие отмечают после того, как мероприятие состоялось.")
    invites = list(event.invites.all())
    for invite in invites:
        invite.attended = invite.school_id in present_school_ids
        invite.marked_by = by
    EventInvite.objects.bulk_update(invites, ["attended", "marked_by"])
    school_signals.announce_schools_changed(i.school_id for i in invites)
    return sum(1 for i in invites if i.attended)
