"""Seminars and webinars: invitations, attendance, and the selector feeding the attendance indicator."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from curators import selectors
from curators.models import Event, EventInvite
from curators.services import events as services
from tests.conftest import login

from . import helpers as h


def test_the_regional_coordinator_creates_a_seminar_for_the_regions_schools(cast):
    response = login(cast.regional).post(
        reverse("curators:event_create"),
        {
            "kind": "setup_seminar",
            "format": "onsite",
            "title": "Установочный семинар",
            "held_on": "2026-02-15",
            "region": cast.region.pk,
            "schools": [cast.school_a.pk, cast.school_c.pk],
        },
    )
    event = Event.objects.get()
    assert response["Location"] == reverse("curators:event_detail", args=[event.pk])
    assert set(event.invites.values_list("school_id", flat=True)) == {cast.school_a.pk, cast.school_c.pk}


def test_a_regional_event_cannot_invite_another_regions_school(cast):
    with pytest.raises(ValidationError, match="не из региона"):
        services.event_create(
            year=cast.year,
            region=cast.region,
            kind="seminar",
            format="onsite",
            title="Семинар",
            held_on=datetime.date(2026, 2, 15),
            schools=[cast.foreign_school],
            by=cast.regional,
        )


def test_attendance_marked_after_the_event_feeds_the_attendance_selector(cast):
    event = h.event(cast)
    login(cast.regional).post(reverse("curators:event_attendance", args=[event.pk]), {"present": [cast.school_a.pk]})
    assert dict(event.invites.values_list("school_id", "attended")) == {cast.school_a.pk: True, cast.school_c.pk: False}
    assert selectors.schools_attended(cast.year, "setup_seminar") == {cast.school_a.pk}


def test_attendance_cannot_be_marked_before_the_event(cast):
    event = h.event(cast, held_on=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError):
        services.event_attendance_mark(
            event=event, present_school_ids={cast.school_a.pk}, by=cast.regional, today=datetime.date(2026, 11, 30)
        )


def test_a_remote_setup_seminar_does_not_count_for_on_site_attendance(cast):
    event = h.event(cast)
    event.format = Event.Format.REMOTE
    event.save()
    EventInvite.objects.filter(event=event).update(attended=True)
    assert selectors.schools_attended(cast.year, "setup_seminar") == set()
    assert selectors.schools_attended(cast.year, "webinar") == set()


def test_a_school_sees_only_its_own_invitation_on_the_event_page(cast):
    event = h.event(cast)
    body = login(cast.director).get(reverse("curators:event_detail", args=[event.pk])).content.decode()
    assert cast.school_a.short_name in body
    assert cast.school_c.short_name not in body
