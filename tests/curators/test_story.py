"""The issue's «done when», through the views as a browser would: appoint, visit, confirm, ask, report, confirm."""

import datetime

from django.urls import reverse
from django.utils import timezone

from curators.models import Thread, Visit
from monitoring.models import MonitoringReport
from schools.models import CuratorAssignment
from tests import factories as f
from tests.conftest import login
from yearcalendar.models import Milestone, RegionalMilestone

from . import helpers as h


def test_appointment_visit_question_and_stage_one_report_end_to_end(cast):
    h.calendar(cast)
    today = timezone.localdate()
    # Stage 1 is open today for this region (a regional override of the calendar).
    RegionalMilestone.objects.create(
        milestone=Milestone.objects.get(year=cast.year, code="monitoring_1"),
        region=cast.region,
        starts_on=today - datetime.timedelta(days=3),
        due_on=today + datetime.timedelta(days=20),
    )
    new_curator = f.UserFactory(email="gromov@example.ru")
    municipal, director = login(cast.municipal), login(cast.director)

    # 1. The municipal coordinator appoints the curator.
    municipal.post(
        reverse("curators:curator_appoint", args=[cast.school_a.pk]),
        {"email": "gromov@example.ru", "appointed_on": (today - datetime.timedelta(days=30)).isoformat()},
    )
    assert CuratorAssignment.objects.get(school=cast.school_a).curator == new_curator
    curator = login(new_curator)

    # 2. The curator logs a visit; the school confirms it.
    curator.post(
        reverse("curators:visit_create", args=[cast.school_a.pk]),
        {
            "held_on": (today - datetime.timedelta(days=2)).isoformat(),
            "format": "remote",
            "participants": "Директор",
            "topics": "Дорожная карта",
        },
    )
    visit = Visit.objects.get(school=cast.school_a)
    director.post(reverse("curators:visit_confirm", args=[visit.pk]))
    caseload = curator.get(reverse("monitoring:caseload_detail", args=[new_curator.pk]))
    row = next(r for r in caseload.context["rows"] if r.school == cast.school_a)
    assert row.visit.due.last_visit_on == today - datetime.timedelta(days=2)
    assert not row.visit.due.overdue

    # 3. The school asks, the curator answers.
    director.post(
        reverse("curators:thread_create", args=[cast.school_a.pk]),
        {"kind": "curator", "subject": "Показатели", "body": "Какие выбрать?"},
    )
    thread = Thread.objects.get()
    curator.post(reverse("curators:message_create", args=[thread.pk]), {"body": "Вот эти"})
    thread.refresh_from_db()
    assert not thread.awaiting_answer

    # 4. The school files stage 1 on its confirmed roadmap; the curator confirms it.
    h.confirmed_roadmap(cast)
    director.post(reverse("monitoring:stage_report_start", args=[cast.school_a.pk, 1]))
    report = MonitoringReport.objects.get(school=cast.school_a, stage=1)
    form = {f"actual_{v.indicator_ref}": "70" for v in report.indicator_values.all()}
    form |= {f"status_{m.measure_ref}": "done" for m in report.measure_statuses.all()}
    assert director.post(reverse("monitoring:stage_report_update", args=[report.pk]), form).status_code == 302
    director.post(reverse("monitoring:evidence_create", args=[report.pk]), {"file": h.pdf_upload()})
    # Whatever today's date, a reason covers a report sent after the stage's due date.
    director.post(reverse("monitoring:stage_report_submit", args=[report.pk]), {"late_reason": "Ждали данных"})
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.SUBMITTED
    caseload = curator.get(reverse("monitoring:caseload_detail", args=[new_curator.pk]))
    assert next(r for r in caseload.context["rows"] if r.school == cast.school_a).reports == 1
    curator.post(reverse("monitoring:stage_report_confirm", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.CONFIRMED
