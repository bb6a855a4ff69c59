"""«Что сделать сейчас»: the school's steps derived from its facts and the year's calendar."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from monitoring.selectors import next_steps as ns
from monitoring.services import reminders
from roadmaps.models import Document
from schools.models import School
from surveys.models import RiskProfile
from yearcalendar import services as cal_services

TODAY = datetime.date(2026, 3, 1)


def calendar() -> ns.Calendar:
    cal = ns.Calendar()
    for code, start, due in [
        ("director_survey", None, datetime.date(2026, 2, 8)),
        ("questionnaires", datetime.date(2026, 1, 28), datetime.date(2026, 2, 15)),
        ("profiles_published", None, datetime.date(2026, 2, 24)),
        ("first_visit", None, datetime.date(2026, 3, 10)),
        ("roadmaps_placed", None, datetime.date(2026, 3, 20)),
        ("concept_documents", None, datetime.date(2026, 4, 30)),
        ("monitoring_1", datetime.date(2026, 5, 1), datetime.date(2026, 5, 30)),
        ("monitoring_2", datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)),
    ]:
        cal.federal[code] = (start, due)
    return cal


def facts(cast, **kwargs) -> ns.Facts:
    base = {"director_answered": True, "questionnaires_done": True, "profile_published": True}
    return ns.Facts(school=cast.school_a, **(base | kwargs))


def steps(f: ns.Facts, today=TODAY) -> dict[str, ns.Step]:
    return {s.code: s for s in ns.derive(f, calendar(), today)}


def test_a_new_school_starts_with_the_director_questionnaire(cast):
    f = ns.Facts(school=cast.school_a, curator=cast.curator)
    result = ns.SchoolSteps(school=cast.school_a, steps=ns.derive(f, calendar(), datetime.date(2026, 2, 1)))
    assert result.current.code == "questionnaires"
    assert result.main.url == reverse("surveys:director_survey", args=[cast.school_a.pk])
    assert result.main.action == "Заполнить анкету директора"
    assert steps(f)["profile"].state == ns.LATER


def test_unverified_profile_waits_on_the_curator_by_name(cast):
    f = facts(cast, curator=cast.curator, profile_verification=RiskProfile.Verification.PENDING)
    result = steps(f)
    profile = result["profile"]
    assert profile.state == ns.WAITING and profile.current
    assert profile.who == f"куратор {cast.curator.short_name}"
    assert profile.who_user == cast.curator
    assert f"Ждём, когда куратор {cast.curator.short_name} проверит рисковый профиль" in profile.text
    # The directions and the roadmap are blocked behind it; the documents can be written meanwhile.
    assert result["risks"].state == ns.LATER and result["roadmap"].state == ns.LATER
    school_steps = ns.SchoolSteps(school=cast.school_a, steps=list(result.values()))
    assert school_steps.main.code == "concept_docs"


def test_a_profile_without_a_curator_names_the_municipal_coordinator(cast):
    f = facts(cast, curator=None, municipal=[cast.municipal], profile_verification="pending")
    profile = steps(f)["profile"]
    assert profile.state == ns.WAITING
    assert profile.who == f"муниципальный координатор {cast.municipal.short_name}"
    assert "куратор ещё не назначен" in profile.text


def test_an_unpublished_profile_waits_for_the_federal_level_with_its_date(cast):
    profile = steps(facts(cast, profile_published=False, curator=cast.curator))["profile"]
    assert profile.state == ns.WAITING
    assert "федеральный координатор (срок 24.02.2026)" in profile.text


def test_a_verified_profile_makes_choosing_directions_the_current_step(cast):
    f = facts(cast, curator=cast.curator, profile_verification=RiskProfile.Verification.CONFIRMED)
    result = steps(f)
    assert result["profile"].state == ns.DONE
    assert result["risks"].current and result["risks"].state == ns.TODO
    assert result["risks"].url == reverse("surveys:activation_edit", args=[cast.school_a.pk])


def _doc(pk, kind, status, direction_id=None):
    return {"pk": pk, "kind": kind, "direction_id": direction_id, "status": status}


def test_a_submitted_roadmap_waits_on_the_curator_and_a_returned_document_is_to_fix(cast):
    f = facts(
        cast,
        curator=cast.curator,
        profile_verification="confirmed",
        activated=[(7, "Низкая учебная мотивация обучающихся")],
        documents=[
            _doc(1, "roadmap", "submitted"),
            _doc(2, "concept", "returned"),
            _doc(3, "midterm", "confirmed"),
        ],
    )
    result = steps(f)
    assert result["roadmap"].state == ns.WAITING
    assert cast.curator.short_name in result["roadmap"].text
    concept = result["concept_docs"]
    assert concept.state == ns.TODO and concept.action == "Исправить и отправить снова"
    assert concept.url == reverse("roadmaps:document_detail", args=[2])
    assert "Концепция развития" in concept.text


def test_missing_anti_risk_programmes_are_named_by_direction(cast):
    f = facts(
        cast,
        profile_verification="confirmed",
        activated=[(7, "Низкая учебная мотивация обучающихся")],
        documents=[_doc(2, "concept", "confirmed"), _doc(3, "midterm", "confirmed")],
    )
    assert "Антирисковая программа «Низкая учебная мотивация обучающихся»" in steps(f)["concept_docs"].text


def test_monitoring_opens_on_its_calendar_date(cast):
    f = facts(
        cast,
        profile_verification="confirmed",
        activated=[(7, "Мотивация")],
        documents=[_doc(1, "roadmap", "confirmed")],
    )
    before = steps(f, datetime.date(2026, 4, 20))["monitoring_1"]
    assert before.state == ns.LATER and "с 01.05.2026" in before.text
    during = steps(f, datetime.date(2026, 5, 5))["monitoring_1"]
    assert during.state == ns.TODO and during.action == "Начать отчёт"


def test_a_step_past_its_date_is_late(cast):
    f = ns.Facts(school=cast.school_a)
    questionnaires = steps(f, datetime.date(2026, 2, 20))["questionnaires"]
    assert questionnaires.late and questionnaires.state_label == "срок пропущен"


def test_every_step_done_leaves_no_current_step_and_no_button(cast):
    f = facts(
        cast,
        profile_verification="confirmed",
        activated=[(7, "Мотивация")],
        documents=[
            _doc(1, "roadmap", "confirmed"),
            _doc(2, "concept", "confirmed"),
            _doc(3, "midterm", "confirmed"),
            _doc(4, "antirisk", "confirmed", 7),
        ],
        reports={1: (1, "confirmed"), 2: (2, "confirmed")},
    )
    result = ns.SchoolSteps(school=cast.school_a, steps=ns.derive(f, calendar(), TODAY))
    assert result.done == 7 and result.current is None and result.main is None


# --- from the database ----------------------------------------------------------------------------------


def test_facts_come_from_the_database(cast):
    cal_services.calendar_create_default(year=cast.year)
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    Document.objects.create(school=cast.school_a, year=cast.year, kind="concept", status="submitted")
    result = ns.school_steps(school=cast.school_a, year=cast.year, today=TODAY)
    f = ns.facts_many(schools=School.objects.filter(pk=cast.school_a.pk), year=cast.year)[cast.school_a.pk]
    assert f.curator == cast.curator and f.profile_published and f.profile_verification == "pending"
    assert result.for_milestone("concept_documents").code == "concept_docs"


def test_school_steps_take_the_same_number_of_queries_for_one_school_or_many(cast, django_assert_max_num_queries):
    from tests.monitoring.conftest import add_schools, count_queries

    cal_services.calendar_create_default(year=cast.year)
    one = count_queries(
        lambda: ns.school_steps_many(schools=School.objects.filter(pk=cast.school_a.pk), year=cast.year, today=TODAY)
    )
    add_schools(year=cast.year, region=cast.region, n=6, curator=cast.curator)
    with django_assert_max_num_queries(one):
        ns.school_steps_many(schools=School.objects.all(), year=cast.year, today=TODAY)


# --- the same steps feed the reminders ----------------------------------------------------------------


@pytest.fixture
def waiting_on_curator(cast):
    """school_a's profile is published, not verified; the first-visit date is a week away."""
    cal_services.calendar_create_default(year=cast.year)
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    cast.foreign_school.participations.all().delete()
    return cast


def test_the_curator_hears_before_the_deadline_that_a_school_waits_on_them(waiting_on_curator):
    cast = waiting_on_curator
    reminders.reminders_run(today=datetime.date(2026, 3, 3))
    to_curator = [m for m in mail.outbox if cast.curator.email in m.to]
    assert any("ждёт вас" in m.subject + m.body and "рисковый профиль" in m.subject + m.body for m in to_curator)
    to_director = [m for m in mail.outbox if cast.director.email in m.to]
    assert any(f"Ждём, когда куратор {cast.curator.short_name}" in m.subject + m.body for m in to_director)


def test_the_waiting_reminder_is_sent_once(waiting_on_curator):
    cast = waiting_on_curator
    reminders.reminders_run(today=datetime.date(2026, 3, 3))
    reminders.reminders_run(today=datetime.date(2026, 3, 4))
    to_curator = [m for m in mail.outbox if cast.curator.email in m.to and "ждёт вас" in m.subject + m.body]
    assert len(to_curator) == 1
