import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from monitoring import tasks
from monitoring.services import reminders
from notifications.models import Notification, SentReminder
from schools import services as school_services
from tests import factories as f
from yearcalendar.models import Milestone

DUE = datetime.date(2026, 2, 15)


@pytest.fixture
def owed(cast):
    """One milestone: curators appointed by 15.02. Only school_c (with a director) has no curator yet."""
    school_services.curator_assign(school=cast.foreign_school, year=cast.year, curator=f.UserFactory())
    director_c = f.UserFactory(email="director-c@example.ru")
    school_services.staff_attach(school=cast.school_c, user=director_c)
    Milestone.objects.create(year=cast.year, code="curators_appointed", title="Назначение кураторов", due_on=DUE)
    cast.director_c = director_c
    return cast


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_reminder_goes_to_the_school_that_still_owes_it(owed):
    reminders.reminders_run(today=DUE - datetime.timedelta(days=7))
    assert recipients() == ["director-c@example.ru"]
    assert "Назначение кураторов" in mail.outbox[0].subject or "Назначение кураторов" in mail.outbox[0].body
    assert Notification.objects.filter(user=owed.director_c, kind="reminder").count() == 1


def test_running_the_pass_twice_sends_one_letter(owed):
    day = DUE - datetime.timedelta(days=7)
    reminders.reminders_run(today=day)
    reminders.reminders_run(today=day)
    assert len(mail.outbox) == 1


def test_a_retried_task_and_the_management_command_send_nothing_more(owed):
    day = DUE - datetime.timedelta(days=6)
    tasks.reminders_send.apply(kwargs={"day": day.isoformat()})
    tasks.reminders_send.apply(kwargs={"day": day.isoformat()})  # the retry
    call_command("send_reminders", "--date", day.strftime("%d.%m.%Y"))
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


def test_a_row_inserted_by_another_pass_stops_the_letter(owed):
    # Another worker inserted the step first: the database says it is taken, nothing is sent.
    milestone = Milestone.objects.get(code="curators_appointed")
    SentReminder.objects.create(key=f"rem:{milestone.pk}:s{owed.school_c.pk}:d7", milestone=milestone, level="before_7")
    reminders.reminders_run(today=DUE - datetime.timedelta(days=7))
    assert mail.outbox == []


def test_the_last_day_reminder_is_a_second_one(owed):
    reminders.reminders_run(today=DUE - datetime.timedelta(days=7))
    reminders.reminders_run(today=DUE - datetime.timedelta(days=3))  # still the 7-day window: nothing
    reminders.reminders_run(today=DUE - datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_no_reminder_when_the_school_has_done_it(owed):
    school_services.curator_assign(school=owed.school_c, year=owed.year, curator=owed.curator)
    reminders.reminders_run(today=DUE - datetime.timedelta(days=7))
    reminders.reminders_run(today=DUE + datetime.timedelta(days=30))
    assert mail.outbox == []


def test_too_early_means_no_reminder(owed):
    reminders.reminders_run(today=DUE - datetime.timedelta(days=20))
    assert mail.outbox == []


def test_escalation_climbs_school_curator_municipal_regional_once_each(cast):
    """school_a (director and delegate, curator, municipal coordinator of mun_a) misses «visited» by 10.03."""
    Milestone.objects.create(
        year=cast.year, code="first_visit", title="Первый визит куратора", due_on=datetime.date(2026, 3, 10)
    )
    cast.foreign_school.participations.all().delete()  # only the home region in this story
    due = datetime.date(2026, 3, 10)
    steps = []
    for days in (1, 2, 3, 7, 14, 15, 30):
        mail.outbox = []
        reminders.reminders_run(today=due + datetime.timedelta(days=days))
        steps.append((days, sorted({a for m in mail.outbox for a in m.to})))
    by_day = dict(steps)
    assert by_day[1] == sorted([cast.delegate.email, cast.director.email])
    assert by_day[2] == []
    assert by_day[3] == [cast.curator.email]
    assert by_day[7] == [cast.municipal.email]
    assert by_day[14] == [cast.regional.email]
    assert by_day[15] == [] and by_day[30] == []
    levels = list(SentReminder.objects.order_by("pk").values_list("level", flat=True))
    first_seen = list(dict.fromkeys(levels))
    assert first_seen == ["school", "curator", "municipal", "regional"]


def test_a_late_first_run_sends_every_due_step_once(cast):
    Milestone.objects.create(
        year=cast.year, code="first_visit", title="Первый визит", due_on=datetime.date(2026, 3, 10)
    )
    reminders.reminders_run(today=datetime.date(2026, 4, 10))
    first = len(mail.outbox)
    reminders.reminders_run(today=datetime.date(2026, 4, 20))
    assert first > 0 and len(mail.outbox) == first
    assert {cast.curator.email, cast.municipal.email, cast.regional.email, cast.director.email} <= {
        a for m in mail.outbox for a in m.to
    }


def test_regional_coordinator_is_reminded_to_send_the_plan(cast):
    Milestone.objects.create(
        year=cast.year, code="regional_plan", title="План-график", due_on=datetime.date(2026, 3, 22)
    )
    reminders.reminders_run(today=datetime.date(2026, 3, 21))
    reminders.reminders_run(today=datetime.date(2026, 3, 21))
    assert recipients() == [cast.regional.email]


def test_send_reminders_command_rejects_a_bad_date(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ДД.ММ.ГГГГ"):
        call_command("send_reminders", "--date", "2026-02-01")


def test_a_deadline_missed_long_ago_starts_no_new_escalation(cast):
    Milestone.objects.create(
        year=cast.year, code="first_visit", title="Первый визит", due_on=datetime.date(2026, 3, 10)
    )
    reminders.reminders_run(
        today=datetime.date(2026, 3, 10) + datetime.timedelta(days=reminders.ESCALATION_WINDOW_DAYS + 1)
    )
    assert mail.outbox == []


def test_the_database_decides_who_sends_even_when_the_pass_did_not_see_the_row(owed):
    milestone = Milestone.objects.get(code="curators_appointed")
    # A pass that read the sent keys before another worker inserted this one: the insert decides.
    assert reminders._claim(key="rem:x", milestone=milestone, level="before_7", sent=set()) is True
    assert reminders._claim(key="rem:x", milestone=milestone, level="before_7", sent=set()) is False
    assert SentReminder.objects.filter(key="rem:x").count() == 1
