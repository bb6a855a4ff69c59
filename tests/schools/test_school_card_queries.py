"""The school card (school page with every app's panel) costs a fixed number of queries whatever the number
of the school's documents, visits, events and threads, for every role that opens it. The goal of issue 17 is
≤ 15; it was 49–57 (session, user and roles, the access check, the base template's menus and year switcher,
then each app's panel with its own reads of the school, curators, calendar and year). Now the page reads once
per GET what several parts ask (the years, the school's years, the calendar, the diagnosis settings, the
curators; the user's roles, posts and curatorships in one query), the calendar's federal and regional dates in
one query, the documents panel's counts and roadmap in one: 32–34 here (the visits panel reads its facts as
sets of schools in 8 queries), where the school is not yet in the indicators' read model (2 more queries
compute it live). What remains is one or two reads per panel; CEILING holds what is reached so it can only go
down."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curators.models import Event, EventInvite, Visit
from roadmaps.models import Document
from schools.models import RoleAssignment
from surveys.models import DiagnosisSettings
from tests import factories as f
from tests.conftest import login
from tests.curators import helpers

CEILING = 34


def grow(cast, n: int) -> None:
    """n supporting documents, n visits (half awaiting), n events the school is invited to, n threads."""
    helpers.calendar(cast)
    Document.objects.bulk_create(
        [Document(school=cast.school_a, year=cast.year, kind="supporting", title=f"Док {i}") for i in range(n)]
    )
    for i in range(n):
        helpers.visit(
            cast,
            held_on=datetime.date(cast.year.year, 3, 1 + i % 27),
            status=Visit.Status.AWAITING if i % 2 else Visit.Status.CONFIRMED,
        )
        event = Event.objects.create(
            year=cast.year,
            region=cast.region,
            kind=Event.Kind.SETUP_SEMINAR,
            title=f"Семинар {i}",
            held_on=datetime.date(cast.year.year, 2, 1 + i % 27),
        )
        EventInvite.objects.create(event=event, school=cast.school_a, attended=bool(i % 2))
        helpers.thread(cast)


def card_queries(cast, user) -> list[str]:
    client = login(user)
    url = reverse("schools:school_detail", args=[cast.school_a.pk])
    client.get(url)  # sessions, per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("role", ["director", "delegate", "curator", "municipal", "regional", "federal", "admin"])
def test_the_school_card_costs_the_same_queries_for_2_and_12_of_everything(cast, role):
    user = getattr(cast, role)
    grow(cast, 2)
    small = card_queries(cast, user)
    grow(cast, 10)
    big = card_queries(cast, user)

    assert len(big) == len(small), "\n".join(q[:200] for q in big)
    assert len(big) <= CEILING, "\n".join(q[:200] for q in big)


def test_an_expert_does_not_open_the_school_card(cast):
    """Experts see only the sampled roadmaps assigned to them (roadmaps' expertise pages), not the card."""
    expert = f.UserFactory(email="expert@example.ru")
    RoleAssignment.objects.create(user=expert, kind=RoleAssignment.Kind.EXPERT, year=cast.year)

    response = login(expert).get(reverse("schools:school_detail", args=[cast.school_a.pk]))

    assert response.status_code == 404


def test_the_card_reads_the_year_s_diagnosis_settings_without_creating_them(cast):
    """A GET never writes: a year without its settings row shows the defaults and stays without one."""
    DiagnosisSettings.objects.filter(year=cast.year).delete()

    response = login(cast.director).get(reverse("schools:school_detail", args=[cast.school_a.pk]))

    assert response.status_code == 200
    assert not DiagnosisSettings.objects.filter(year=cast.year).exists()
