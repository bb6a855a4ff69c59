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


def test_a_webinar_for_curators_and_coordinators_invites_every_person_of_those_levels_in_the_region(cast):
    response = login(cast.regional).post(
        reverse("curators:event_create"),
        {
            "kind": "webinar",
            "format": "remote",
            "title": "Вебинар для кураторов",
            "held_on": "2026-02-26",
            "region": cast.region.pk,
            "audience": ["curator", "municipal", "regional"],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.invites.exists()
    assert set(event.participants.values_list("user_id", "level")) == {
        (cast.curator.pk, "curator"),
        (cast.municipal.pk, "municipal"),
        (cast.regional.pk, "regional"),
    }
    assert event.audience == ["curator", "municipal", "regional"]


def test_an_event_with_nobody_invited_is_refused(cast):
    with pytest.raises(ValidationError, match="Пригласите"):
        services.event_create(
            year=cast.year,
            region=cast.region,
            kind="webinar",
            format="remote",
            title="Вебинар",
            held_on=datetime.date(2026, 3, 10),
            schools=[],
            by=cast.regional,
        )


def _curators_webinar(cast):
    return services.event_create(
        year=cast.year,
        region=cast.region,
        kind=Event.Kind.SETUP_SEMINAR,
        format=Event.Format.REMOTE,
        title="Установочный вебинар",
        held_on=datetime.date(2026, 2, 15),
        schools=[cast.school_a],
        audience=["curator", "municipal"],
        by=cast.regional,
    )


def test_attendance_is_marked_per_person_and_per_school_and_summed_per_level(cast):
    event = _curators_webinar(cast)
    curator_row = event.participants.get(user=cast.curator)
    login(cast.regional).post(
        reverse("curators:event_attendance", args=[event.pk]),
        {"present": [cast.school_a.pk], "present_person": [curator_row.pk]},
    )
    assert dict(event.participants.values_list("user_id", "attended")) == {
        cast.curator.pk: True,
        cast.municipal.pk: False,
    }
    summary = {s.label: (s.invited, s.attended) for s in selectors.event_attendance_summary(event=event)}
    assert summary == {"школы": (1, 1), "кураторы": (1, 1), "муниципальные координаторы": (1, 0)}


def test_an_invited_curator_sees_the_event_and_only_their_own_row(cast):
    event = services.event_create(
        year=cast.year,
        region=cast.region,
        kind="webinar",
        format="remote",
        title="Вебинар для кураторов",
        held_on=datetime.date(2026, 2, 26),
        schools=[],
        audience=["curator", "municipal"],
        by=cast.regional,
    )
    body = login(cast.curator).get(reverse("curators:event_detail", args=[event.pk])).content.decode()
    assert "Вебинар для кураторов" in body
    assert cast.municipal.email not in body


def test_participation_per_level_feeds_the_regions_indicators(cast):
    from monitoring.services import indicators

    event = _curators_webinar(cast)
    services.event_attendance_mark(
        event=event,
        present_school_ids=set(),
        present_participant_ids={event.participants.get(user=cast.curator).pk},
        by=cast.regional,
        today=datetime.date(2026, 3, 1),
    )
    facts = indicators.region_facts(year=cast.year, region_ids=[cast.region.pk], today=datetime.date(2026, 3, 1))
    region = facts[cast.region.pk]
    assert region["seminar_curators"] == (1, 1)
    assert region["seminar_municipal"] == (0, 1)
    assert region["seminar_regional"] == (0, 1)
    # Nobody has attended a final event yet: three schools and three people of the region are expected.
    assert region["final_event"] == (0, 6)
