"""Who is told about curators' work: questions, answers, visits to confirm, reports, overdue visits."""

import datetime

from curators import tasks
from curators.models import VisitRule
from curators.services import consultations, visits
from monitoring.services import stages
from notifications.models import Notification
from schools.models import CuratorAssignment
from tests.conftest import wait_for

from . import helpers as h


def _titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


def test_a_question_reaches_the_curator_and_the_answer_reaches_the_school(cast):
    thread = h.thread(cast)
    assert _titles(cast.curator) == [f"Вопрос от {cast.school_a.short_name}: {thread.subject}"]
    assert _titles(cast.director) == []  # the author is not told about their own question
    consultations.message_create(thread=thread, author=cast.curator, body="Ответ", from_school=False)
    assert _titles(cast.director) == [f"Получен ответ: {thread.subject}"]
    assert _titles(cast.delegate) == [f"Получен ответ: {thread.subject}"]


def test_a_forum_question_reaches_the_regions_methodologists_not_the_curator(cast):
    h.thread(cast, kind="forum")
    assert len(_titles(cast.regional)) == 1
    assert _titles(cast.curator) == []


def test_the_school_is_asked_to_confirm_a_recorded_visit(cast):
    visits.visit_create(
        school=cast.school_a,
        year=cast.year,
        curator=cast.curator,
        held_on=datetime.date(2026, 3, 5),
        format="onsite",
        participants="Директор",
        topics="РПШ",
        today=datetime.date(2026, 3, 6),
    )
    assert _titles(cast.director) == ["Куратор записал визит 05.03.2026: подтвердите, что он состоялся"]


def test_the_curator_hears_of_a_submitted_report_and_the_school_of_its_return_with_the_reason(cast):
    report = h.report(cast)
    stages.evidence_add(report=report, file=h.pdf_upload(), by=cast.director)
    stages.report_submit(report=report, by=cast.director)
    assert "ждёт вашей проверки" in _titles(cast.curator)[-1]
    stages.report_return(report=report, by=cast.curator, reason="Нет протокола")
    assert _titles(cast.director)[-1].endswith("возвращён: Нет протокола")


def test_an_overdue_visit_is_reported_to_the_curator_and_the_municipal_coordinator_once(cast):
    VisitRule.objects.create(year=cast.year, formation_from=datetime.date(2026, 3, 10))
    CuratorAssignment.objects.update(appointed_on=datetime.date(2026, 2, 15))
    today = datetime.date(2026, 3, 20)  # nobody visited school_a, school_b or school_c by 10.03
    sent = visits.visits_overdue_notify(year=cast.year, today=today)
    assert sent > 0
    curator_titles = _titles(cast.curator)
    assert any(cast.school_a.short_name in t for t in curator_titles)
    assert any(cast.school_a.short_name in t for t in _titles(cast.municipal))
    assert not any(cast.school_c.short_name in t for t in _titles(cast.municipal))  # another municipality
    assert visits.visits_overdue_notify(year=cast.year, today=today) == 0


def test_the_overdue_task_runs_on_a_real_worker(cast, celery_worker):
    VisitRule.objects.create(year=cast.year, formation_from=datetime.date(2026, 1, 10))
    CuratorAssignment.objects.update(appointed_on=datetime.date(2026, 1, 1))
    tasks.visits_overdue_notify.delay()
    wait_for(lambda: Notification.objects.filter(user=cast.municipal, kind="visit_overdue").exists())
    celery_worker.assert_ran("curators.tasks.visits_overdue_notify")
