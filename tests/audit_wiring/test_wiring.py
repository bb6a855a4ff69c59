"""Every download of a school's file, every state change, every import and export reaches the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AuditEvent
from curators.models import Visit
from curators.services import visits as visit_services
from monitoring.models import MonitoringReport, Report
from monitoring.services import planning
from monitoring.services import stages as stage_services
from schools import services as school_services
from schools.models import ImportJob
from tests.conftest import login
from tests.curators import helpers as h
from tests.factories import next_inn
from tests.schools.xlsx import SCHOOL_HEADERS, school_row, xlsx
from yearcalendar import services as cal


def _event(action: str, obj) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk))


# Downloads


def _assert_download(cast, url: str, obj, *, user=None) -> AuditEvent:
    user = user or cast.director
    response = login(user).get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = _event("document_download", obj)
    assert event.actor == user
    return event


def test_downloading_monitoring_evidence_is_recorded_with_the_school(cast):
    evidence = h.evidence(cast)
    event = _assert_download(cast, reverse("monitoring:evidence_download", args=[evidence.pk]), evidence)
    assert event.school == cast.school_a and event.region == cast.region


def test_downloading_a_visit_attachment_is_recorded_with_the_school(cast):
    attachment = h.visit_attachment(cast)
    url = reverse("curators:visit_attachment_download", args=[attachment.pk])
    event = _assert_download(cast, url, attachment, user=cast.curator)
    assert event.school == cast.school_a


def test_downloading_a_consultation_attachment_is_recorded_with_the_school(cast):
    attachment = h.message_attachment(cast)
    url = reverse("curators:message_attachment_download", args=[attachment.pk])
    event = _assert_download(cast, url, attachment)
    assert event.school == cast.school_a


def _done_report(cast, **kwargs) -> Report:
    report = Report(year=cast.year, requested_by=cast.regional, fmt="xlsx", status=Report.Status.DONE, **kwargs)
    report.file.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    report.save()
    return report


def test_downloading_a_regional_report_is_recorded_with_the_region_and_no_school(cast):
    report = _done_report(cast, kind=Report.Kind.REGION, region=cast.region)
    event = _assert_download(cast, reverse("monitoring:report_download", args=[report.pk]), report, user=cast.regional)
    assert event.school is None and event.region == cast.region


def test_downloading_a_school_report_is_recorded_with_the_school(cast):
    report = _done_report(cast, kind=Report.Kind.SCHOOL, school=cast.school_a)
    event = _assert_download(cast, reverse("monitoring:report_download", args=[report.pk]), report, user=cast.regional)
    assert event.school == cast.school_a and event.region == cast.region


# State changes


def test_submitting_confirming_and_returning_a_stage_report_are_recorded_as_state_changes(cast):
    report = h.evidence(cast).report
    stage_services.report_submit(report=report, by=cast.director)
    stage_services.report_return(report=report, by=cast.curator, reason="Нет протокола")
    report.status = MonitoringReport.Status.SUBMITTED
    report.save(update_fields=["status"])
    stage_services.report_confirm(report=report, by=cast.curator)

    events = list(AuditEvent.objects.filter(action="state_change", object_id=str(report.pk)).order_by("pk"))
    assert [(e.actor, e.school, e.details) for e in events] == [
        (cast.director, cast.school_a, {"from": "draft", "to": "submitted", "reason": ""}),
        (cast.curator, cast.school_a, {"from": "submitted", "to": "returned", "reason": "Нет протокола"}),
        (cast.curator, cast.school_a, {"from": "submitted", "to": "confirmed", "reason": ""}),
    ]


def test_a_refused_submission_leaves_no_state_change(cast):
    report = h.report(cast)  # no evidence: the submission is refused
    with pytest.raises(ValidationError):
        stage_services.report_submit(report=report, by=cast.director)
    assert not AuditEvent.objects.filter(action="state_change").exists()


def test_confirming_and_disputing_a_visit_are_recorded_as_state_changes(cast):
    disputed = visit_services.visit_dispute(visit=h.visit(cast), by=cast.director, reason="Визита не было")
    confirmed = visit_services.visit_confirm(visit=h.visit(cast, cast.school_b), by=cast.curator)

    dispute, confirm = _event("state_change", disputed), _event("state_change", confirmed)
    assert (dispute.actor, dispute.school, dispute.details) == (
        cast.director,
        cast.school_a,
        {"from": Visit.Status.AWAITING, "to": "disputed", "reason": "Визита не было"},
    )
    assert (confirm.actor, confirm.school, confirm.details["to"]) == (cast.curator, cast.school_b, "confirmed")


def test_submitting_and_scoring_a_regional_plan_are_recorded_with_the_region(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    plan.events.create(number=1, description="Семинар", due_on=datetime.date(2026, 3, 1), responsible="РК")
    planning.plan_submit(plan=plan, by=cast.regional)
    planning.plan_score(plan=plan, score=5, comment="Хороший план", by=cast.federal)

    submit, score = AuditEvent.objects.filter(action="state_change", object_id=str(plan.pk)).order_by("pk")
    assert (submit.actor, submit.school, submit.region, submit.details) == (
        cast.regional,
        None,
        cast.region,
        {"from": "draft", "to": "submitted", "reason": ""},
    )
    assert (score.actor, score.region, score.details) == (
        cast.federal,
        cast.region,
        {"from": "submitted", "to": "scored", "reason": "Хороший план", "score": 5},
    )


# Imports


def test_a_finished_school_import_is_recorded_with_its_counts(cast):
    rows = [school_row("Смоленская область", "Краснинский район", next_inn(), n) for n in (1, 2)]
    upload = ContentFile(xlsx([SCHOOL_HEADERS, *rows]), name="schools.xlsx")
    job = school_services.import_job_create(kind="schools", year=cast.year, file=upload, by=cast.admin)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    job.refresh_from_db()

    job = school_services.import_job_execute(job=job)

    assert job.status == ImportJob.Status.DONE, job.errors or job.message
    event = _event("import", job)
    assert event.actor == cast.admin
    assert event.details["applied"] is True and event.details["file"] == "schools.xlsx"
    assert event.details["counts"]["schools"]["created"] == 2


# Exports


def test_the_regions_schools_export_is_recorded_with_the_region(cast):
    response = login(cast.regional).get(reverse("schools:region_export", args=[cast.region.pk]))
    assert response.status_code == 200
    event = _event("export", cast.region)
    assert (event.actor, event.region, event.school) == (cast.regional, cast.region, None)


def test_the_risk_profile_exports_are_recorded_with_the_region(cast):
    login(cast.regional).get(reverse("surveys:region_export", args=[cast.region.pk]))
    login(cast.municipal).get(reverse("surveys:municipality_export", args=[cast.mun_a.pk]))
    region_event, mun_event = _event("export", cast.region), _event("export", cast.mun_a)
    assert (region_event.actor, region_event.region) == (cast.regional, cast.region)
    assert (mun_event.actor, mun_event.region) == (cast.municipal, cast.region)


def test_the_regional_dashboard_export_is_recorded_with_the_region(cast):
    cal.calendar_create_default(year=cast.year)
    response = login(cast.regional).get(
        reverse("monitoring:dashboard_region", args=[cast.region.pk]), {"format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxml")
    event = _event("export", cast.region)
    assert (event.actor, event.region, event.details) == (
        cast.regional,
        cast.region,
        {"file": f"region-{cast.region.code}-{cast.year.year}.xlsx"},
    )


def test_an_export_label_is_known_to_the_audit_trail(cast):
    assert AuditEvent(action="export").action_label == "выгрузка данных"
