"""The school's report on its roadmap (seed 003): content from the stages, the analysis, the curator's conclusion,
sending to the municipality, return with a reason, acceptance, lateness, PDF and .xlsx."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import MeasureStatus, Report, SchoolReport
from monitoring.selectors import school_reports as selectors
from monitoring.services import reports
from monitoring.services import school_reports as services
from notifications.models import Notification
from tests.conftest import login
from tests.curators import helpers as h
from tests.monitoring.test_reports import pdf_text
from yearcalendar import services as cal
from yearcalendar.models import Milestone

ON_TIME = datetime.date(2026, 10, 20)
LATE = datetime.date(2026, 11, 20)


@pytest.fixture
def confirmed_stage(cast):
    return h.confirmed_stage_report(cast)


def _ready(cast) -> SchoolReport:
    services.school_report_save(school=cast.school_a, year=cast.year, by=cast.director, analysis="Педсовет проведён.")
    return services.school_report_conclude(
        school=cast.school_a, year=cast.year, by=cast.curator, conclusion="Отчёт отражает работу школы."
    )


def _send(cast, **kwargs) -> SchoolReport:
    return services.school_report_send(school=cast.school_a, year=cast.year, by=cast.director, **kwargs)


def test_the_report_holds_each_measure_with_status_values_from_baseline_to_target_and_evidence(cast, confirmed_stage):
    content = selectors.content(school=cast.school_a, year=cast.year)
    by_title = {m.title: m for m in content.measures}
    assert by_title["Педсовет"].stage1.status == MeasureStatus.Status.DONE
    assert [e.name for e in by_title["Педсовет"].evidence] == ["протокол педсовета.pdf"]
    assert by_title["Открытые уроки"].stage1.reason == "Учитель на больничном"
    share = next(r for r in content.indicators if r.title == "Доля успевающих")
    assert (share.baseline, share.stage1, share.stage2, share.target) == (60, Decimal("70.00"), None, 80)
    assert content.difficulties == ["Нехватка времени у педагогов"]


def test_the_report_cannot_be_sent_without_analysis_conclusion_or_a_confirmed_stage(cast):
    h.calendar(cast)
    with pytest.raises(ValidationError) as exc:
        _send(cast, today=ON_TIME)
    assert exc.value.messages == [
        "Нет ни одного отчёта мониторинга, подтверждённого куратором: отчитываться пока не по чему.",
        "Не заполнен раздел «Анализ и выводы».",
        "Нет заключения куратора.",
    ]


def test_an_empty_curator_conclusion_is_refused(cast, confirmed_stage):
    with pytest.raises(ValidationError, match="пустое заключение"):
        services.school_report_conclude(school=cast.school_a, year=cast.year, by=cast.curator, conclusion="  ")


def test_sent_report_goes_to_the_municipal_coordinator_and_is_locked(cast, confirmed_stage):
    _ready(cast)
    report = _send(cast, today=ON_TIME)
    assert report.status == SchoolReport.Status.SENT and report.late_reason == ""
    assert Notification.objects.filter(
        user=cast.municipal, url__endswith=f"/schools/{cast.school_a.pk}/roadmap-report/"
    )
    with pytest.raises(ValidationError, match="изменить его нельзя"):
        services.school_report_save(school=cast.school_a, year=cast.year, by=cast.director, analysis="Другое")


@pytest.mark.parametrize("reason", ["", "   ", "плохо"])
def test_a_return_without_a_real_reason_is_refused_and_the_report_stays_sent(cast, confirmed_stage, reason):
    _ready(cast)
    report = _send(cast, today=ON_TIME)
    with pytest.raises(ValidationError, match="Причина возврата|Укажите причину"):
        services.school_report_return(report=report, by=cast.municipal, reason=reason)
    report.refresh_from_db()
    assert report.status == SchoolReport.Status.SENT


def test_returned_report_is_edited_resent_and_accepted_with_the_whole_history(cast, confirmed_stage):
    _ready(cast)
    report = _send(cast, today=ON_TIME)
    services.school_report_return(report=report, by=cast.municipal, reason="Нет выводов по открытым урокам")
    report.refresh_from_db()
    assert report.status == SchoolReport.Status.RETURNED
    assert Notification.objects.filter(user=cast.director, title__contains="Нет выводов по открытым урокам").exists()
    services.school_report_save(
        school=cast.school_a, year=cast.year, by=cast.director, analysis="Открытые уроки перенесены на осень."
    )
    _send(cast, today=ON_TIME)
    report = services.school_report_accept(report=report, by=cast.municipal)
    assert report.status == SchoolReport.Status.ACCEPTED and report.reviewed_by == cast.municipal
    assert list(report.history.values_list("action", flat=True)) == ["conclude", "send", "return", "send", "accept"]
    with pytest.raises(ValidationError, match="Рассмотреть можно только"):
        services.school_report_accept(report=report, by=cast.municipal)


def test_after_the_regions_deadline_the_report_needs_a_reason(cast, confirmed_stage):
    _ready(cast)
    with pytest.raises(ValidationError, match=r"Срок отчёта \(01\.11\.2026\) прошёл"):
        _send(cast, today=LATE)
    report = _send(cast, today=LATE, late_reason="Карантин в школе")
    assert report.late_reason == "Карантин в школе"


def test_the_deadline_is_the_regions_own_date_not_the_federal_one(cast, confirmed_stage):
    milestone = Milestone.objects.get(year=cast.year, code=services.DEADLINE_MILESTONE)
    cal.milestone_override_set(milestone=milestone, region=cast.region, due_on=datetime.date(2026, 11, 30))
    _ready(cast)
    assert services.deadline(school=cast.school_a, year=cast.year) == datetime.date(2026, 11, 30)
    assert _send(cast, today=LATE).status == SchoolReport.Status.SENT


def test_the_regional_coordinator_sees_the_report_but_may_not_decide(cast, confirmed_stage):
    _ready(cast)
    _send(cast, today=ON_TIME)
    url = reverse("monitoring:school_report_detail", args=[cast.school_a.pk])
    page = login(cast.regional).get(url).content.decode()
    assert "Педсовет проведён." in page and "Принять отчёт" not in page
    assert login(cast.municipal).get(url).content.decode().count("Принять отчёт") == 1
    response = login(cast.regional).post(reverse("monitoring:school_report_accept", args=[cast.school_a.pk]))
    assert response.status_code == 403


def test_the_return_view_shows_the_reason_error_and_changes_nothing(cast, confirmed_stage):
    _ready(cast)
    _send(cast, today=ON_TIME)
    client = login(cast.municipal)
    response = client.post(
        reverse("monitoring:school_report_return", args=[cast.school_a.pk]), {"reason": ""}, follow=True
    )
    assert "Укажите причину возврата" in response.content.decode()
    assert SchoolReport.objects.get(school=cast.school_a).status == SchoolReport.Status.SENT


def test_the_pdf_has_measures_values_evidence_analysis_and_the_curators_conclusion(cast, confirmed_stage, settings):
    _ready(cast)
    report = Report.objects.create(year=cast.year, requested_by=cast.director, kind="school", school=cast.school_a)
    text = pdf_text(reports.report_build(report=report))
    for expected in (
        "Мероприятия дорожной карты",
        "Педсовет",
        "Учитель на больничном",
        "протокол педсовета.pdf",
        "Доля успевающих",
        "Анализ и выводы",
        "Педсовет проведён.",
        "Отчёт отражает работу школы.",
    ):
        assert expected in text, expected


def test_the_xlsx_follows_the_same_structure_with_numbers_as_numbers(cast, confirmed_stage):
    _ready(cast)
    report = Report.objects.create(
        year=cast.year, requested_by=cast.director, kind="school", school=cast.school_a, fmt="xlsx"
    )
    report = reports.report_build(report=report)
    with report.file.open("rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()))
    assert book.sheetnames == ["Отчёт", "Мероприятия", "Показатели", "Подтверждения"]
    values = list(book["Показатели"].iter_rows(min_row=2, values_only=True))
    assert ("Доля успевающих", "%", 60, 70, None, 80) in values
    summary = dict(book["Отчёт"].iter_rows(min_row=3, values_only=True))
    assert summary["Анализ и выводы"] == "Педсовет проведён."
    assert summary["Заключение куратора"] == "Отчёт отражает работу школы."
