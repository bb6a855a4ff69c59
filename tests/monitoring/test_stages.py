"""Monitoring stages: the report from the confirmed roadmap, validation, evidence, review, progress, difficulties."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Difficulty, MeasureStatus, MonitoringReport, ReportReview
from monitoring.services import stages as services
from tests.conftest import get_writing_nothing, login, open_page
from tests.curators import helpers as h

IN_WINDOW = datetime.date(2026, 5, 15)


@pytest.fixture
def started(cast):
    h.calendar(cast)
    h.confirmed_roadmap(cast)
    return services.report_start(school=cast.school_a, year=cast.year, stage=1, by=cast.director, today=IN_WINDOW)


def _fill(report, *, status="done", reason="", actual=Decimal("70")):
    values = {v.indicator_ref: (actual, "") for v in report.indicator_values.all()}
    statuses = {m.measure_ref: (status, reason) for m in report.measure_statuses.all()}
    return services.report_save(report=report, by=None, actuals=values, statuses=statuses, difficulty_ids=[])


def test_the_report_has_a_row_for_every_indicator_and_measure_of_the_confirmed_roadmap(started):
    assert sorted(started.indicator_values.values_list("title", "baseline", "target")) == [
        ("Доля успевающих", Decimal("60.00"), Decimal("80.00")),
        ("Число открытых уроков", Decimal("2.00"), Decimal("10.00")),
    ]
    assert sorted(started.measure_statuses.values_list("title", flat=True)) == ["Открытые уроки", "Педсовет"]
    assert started.status == MonitoringReport.Status.DRAFT


def test_without_a_confirmed_roadmap_there_is_nothing_to_report_on(cast):
    h.calendar(cast)
    with pytest.raises(ValidationError, match="нет подтверждённой куратором дорожной карты"):
        services.report_start(school=cast.school_a, year=cast.year, stage=1, by=cast.director, today=IN_WINDOW)


def test_the_stage_cannot_be_started_before_its_calendar_window_opens(cast):
    h.calendar(cast)
    h.confirmed_roadmap(cast)
    with pytest.raises(ValidationError, match="начнётся 01.05.2026"):
        services.report_start(
            school=cast.school_a, year=cast.year, stage=1, by=cast.director, today=datetime.date(2026, 4, 30)
        )


@pytest.mark.parametrize("status", ["not_started", "cancelled"])
def test_a_reason_is_required_for_measures_not_started_or_cancelled(started, status):
    with pytest.raises(ValidationError, match="Укажите причину"):
        _fill(started, status=status)
    _fill(started, status=status, reason="Учитель на больничном")
    assert set(started.measure_statuses.values_list("reason", flat=True)) == {"Учитель на больничном"}


def test_a_reason_given_for_a_done_measure_is_not_kept(started):
    _fill(started, status="done", reason="лишнее")
    assert set(started.measure_statuses.values_list("reason", flat=True)) == {""}


def test_the_form_shows_the_missing_reason_next_to_the_measure(cast, started):
    m = started.measure_statuses.first()
    response = login(cast.director).post(
        reverse("monitoring:stage_report_update", args=[started.pk]), {f"status_{m.measure_ref}": "cancelled"}
    )
    assert response.status_code == 200
    assert "Укажите причину: мероприятие не начато или отменено." in response.content.decode()


def test_submission_lists_every_missing_value_status_and_evidence(started):
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=started, by=None)
    text = " ".join(exc.value.messages)
    assert "Не указано фактическое значение показателя «Доля успевающих»" in text
    assert "Не указан статус мероприятия «Педсовет»" in text
    assert "Не приложено ни одного подтверждающего материала" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("отчёт.txt", b"plain text", "не похоже ни на один из допустимых форматов"),
        ("отчёт.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "старого формата Office"),
        ("отчёт.png", h.PDF, "расширение «.png» не соответствует содержимому"),
        ("пусто.pdf", b"", "пуст"),
    ],
)
def test_evidence_of_a_wrong_type_is_refused_with_a_clear_reason(cast, started, name, content, message):
    response = login(cast.director).post(
        reverse("monitoring:evidence_create", args=[started.pk]),
        {"file": SimpleUploadedFile(name, content), "title": "Протокол"},
        follow=True,
    )
    assert message in response.content.decode()
    assert not started.evidence.exists()


def test_evidence_can_be_pinned_to_a_measure_and_downloaded_by_the_curator(cast, started):
    m = started.measure_statuses.first()
    login(cast.director).post(
        reverse("monitoring:evidence_create", args=[started.pk]),
        {"file": h.pdf_upload(), "title": "Протокол педсовета", "measure_ref": m.measure_ref},
    )
    evidence = started.evidence.get()
    assert evidence.measure_ref == m.measure_ref
    response = login(cast.curator).get(reverse("monitoring:evidence_download", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment;")


def _complete(cast, report):
    _fill(report)
    services.evidence_add(report=report, file=h.pdf_upload(), by=cast.director)


def test_the_curator_confirms_a_submitted_report_and_it_is_locked(cast, started):
    _complete(cast, started)
    login(cast.director).post(reverse("monitoring:stage_report_submit", args=[started.pk]), {"late_reason": "Болезнь"})
    started.refresh_from_db()
    assert started.status == MonitoringReport.Status.SUBMITTED
    login(cast.curator).post(reverse("monitoring:stage_report_confirm", args=[started.pk]))
    started.refresh_from_db()
    assert started.status == MonitoringReport.Status.CONFIRMED
    assert started.reviewed_by == cast.curator
    with pytest.raises(ValidationError):
        _fill(started)
    assert list(started.reviews.values_list("action", flat=True)) == ["submit", "confirm"]


def test_the_curator_returns_a_report_only_with_a_reason_and_the_school_sees_it(cast, started):
    _complete(cast, started)
    services.report_submit(report=started, by=cast.director, today=IN_WINDOW)
    curator = login(cast.curator)
    curator.post(reverse("monitoring:stage_report_return", args=[started.pk]), {"reason": ""})
    started.refresh_from_db()
    assert started.status == MonitoringReport.Status.SUBMITTED
    curator.post(reverse("monitoring:stage_report_return", args=[started.pk]), {"reason": "Нет протокола"})
    started.refresh_from_db()
    assert started.status == MonitoringReport.Status.RETURNED
    assert started.is_editable
    page = login(cast.director).get(reverse("monitoring:stage_report_detail", args=[started.pk])).content.decode()
    assert "Нет протокола" in page
    assert ReportReview.objects.filter(report=started, action="return", reason="Нет протокола").exists()


def test_a_draft_cannot_be_confirmed(cast, started):
    with pytest.raises(ValidationError):
        services.report_confirm(report=started, by=cast.curator)


def test_stage_two_opens_only_after_stage_one_is_confirmed(cast, started):
    with pytest.raises(ValidationError, match="после того, как куратор подтвердит отчёт первого этапа"):
        services.report_start(
            school=cast.school_a, year=cast.year, stage=2, by=cast.director, today=datetime.date(2026, 10, 5)
        )
    page = login(cast.director).get(reverse("monitoring:stage_report_list", args=[cast.school_a.pk]))
    assert "Второй этап откроется после того" in page.content.decode()


def test_a_report_sent_after_the_regions_due_date_needs_a_reason(cast, started):
    from yearcalendar import services as cal
    from yearcalendar.models import Milestone

    _fill(started)
    services.evidence_add(report=started, file=h.pdf_upload(), by=cast.director)
    late = datetime.date(2026, 6, 5)  # the federal due date is 30.05
    with pytest.raises(ValidationError, match=r"Срок этапа \(30\.05\.2026\) прошёл"):
        services.report_submit(report=started, by=cast.director, today=late)
    # The region moved its stage to 10.06: not late there.
    milestone = Milestone.objects.get(year=cast.year, code="monitoring_1")
    cal.milestone_override_set(
        milestone=milestone, region=cast.region, due_on=datetime.date(2026, 6, 10), starts_on=datetime.date(2026, 5, 1)
    )
    assert not services.is_late(report=started, today=late)
    services.report_submit(report=started, by=cast.director, today=datetime.date(2026, 6, 15), late_reason="Карантин")
    started.refresh_from_db()
    assert started.late_reason == "Карантин" and started.status == MonitoringReport.Status.SUBMITTED


def test_stage_two_starts_from_the_actual_values_of_stage_one(cast, started):
    _fill(started, actual=Decimal("66"))
    started.status = MonitoringReport.Status.CONFIRMED
    started.save()
    second = services.report_start(
        school=cast.school_a, year=cast.year, stage=2, by=cast.director, today=datetime.date(2026, 10, 5)
    )
    assert set(second.indicator_values.values_list("actual", flat=True)) == {Decimal("66.00")}


def test_the_progress_page_gives_the_chart_its_data_without_inline_script(cast, started):
    _fill(started, actual=Decimal("70"))
    response = login(cast.curator).get(reverse("monitoring:stage_report_list", args=[cast.school_a.pk]))
    body = response.content.decode()
    assert 'id="progress-data" type="application/json"' in body
    assert "js/stage_progress.js" in body
    data = response.context["chart"]
    assert data["labels"] == ["Базовое", "1 этап", "2 этап", "Цель"]
    assert {"title": "Доля успевающих, %", "values": [60.0, 70.0, None, 80.0]} in data["indicators"]


def test_the_difficulty_summary_counts_submitted_reports_most_frequent_first(cast):
    services.difficulties_create_default(year=cast.year)
    d1, d2 = Difficulty.objects.filter(year=cast.year)[:2]
    for school, diffs, status in [
        (cast.school_a, [d1, d2], "submitted"),
        (cast.school_b, [d2], "confirmed"),
        (cast.school_c, [d1, d2], "draft"),  # drafts are not counted
    ]:
        r = MonitoringReport.objects.create(school=school, year=cast.year, stage=1, status=status)
        r.difficulties.set(diffs)
    response = login(cast.municipal).get(reverse("monitoring:difficulty_summary", args=[cast.mun_a.pk]))
    assert [(d.pk, n) for d, n in response.context["rows"]] == [(d2.pk, 2), (d1.pk, 1)]


def test_measure_statuses_offer_the_four_statuses_of_the_programme():
    assert [label for _, label in MeasureStatus.Status.choices] == ["выполнено", "в работе", "не начато", "отменено"]


def test_a_changed_report_is_marked_new_until_the_curator_opens_it(cast, started):
    _complete(cast, started)
    curator = login(cast.curator)
    list_url = reverse("monitoring:stage_report_list", args=[cast.school_a.pk])
    detail = reverse("monitoring:stage_report_detail", args=[started.pk])
    get_writing_nothing(curator, detail)
    assert "новое" in curator.get(list_url).content.decode()  # a GET alone marks nothing read
    open_page(curator, detail)
    assert "новое" not in curator.get(list_url).content.decode()
    services.report_submit(report=started, by=cast.director, today=IN_WINDOW)
    assert "новое" in curator.get(list_url).content.decode()
