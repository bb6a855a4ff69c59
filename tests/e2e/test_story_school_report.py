"""Story: the school's report on its roadmap (seed 003). The director writes «Анализ и выводы», the curator adds
a conclusion, the director sends the report to the municipality; the municipal coordinator returns it with a
reason; the director sees the reason, corrects the analysis and sends it again; the coordinator accepts it."""

import pytest

from audit.models import AuditEvent
from monitoring.models import SchoolReport
from monitoring.services import school_reports
from tests.curators import helpers as h

pytestmark = pytest.mark.e2e


def _clean(browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what}: {violations}"


def _send(browser, cast) -> None:
    page = browser.page
    if school_reports.is_late(school=cast.school_a, year=cast.year):
        page.get_by_label("Причина опоздания").fill("Ждали подтверждения второго этапа")
    page.get_by_role("button", name="Направить отчёт муниципальному координатору").click()
    page.get_by_text("Отчёт направлен муниципальному координатору.").wait_for()


def test_the_schools_report_is_sent_returned_with_a_reason_resent_and_accepted(browser, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    h.confirmed_stage_report(cast)
    url = f"/monitoring/schools/{cast.school_a.pk}/roadmap-report/"
    page = browser.page

    # The director sees the measures and values from the confirmed stage and writes the analysis.
    browser.login_cookie(cast.director)
    browser.goto(url)
    assert page.get_by_role("cell", name="Учитель на больничном", exact=False).is_visible()
    assert page.get_by_role("link", name="протокол педсовета.pdf").first.is_visible()
    _clean(browser, "отчёт школы, черновик")
    page.get_by_role("textbox", name="Анализ и выводы").fill("Педсовет проведён, открытые уроки не начаты.")
    page.get_by_role("button", name="Сохранить анализ").click()
    page.get_by_text("Раздел «Анализ и выводы» сохранён.").wait_for()
    assert page.get_by_text("Нет заключения куратора.").is_visible()

    # The curator concludes.
    browser.login_cookie(cast.curator)
    browser.goto(url)
    page.get_by_role("textbox", name="Заключение куратора").fill("Школа честно оценивает ход работы.")
    page.get_by_role("button", name="Сохранить заключение").click()
    page.get_by_text("Заключение куратора сохранено.").wait_for()

    # The director sends it.
    browser.login_cookie(cast.director)
    browser.goto(url)
    _send(browser, cast)
    browser.shot("sent")
    report = SchoolReport.objects.get(school=cast.school_a, year=cast.year)
    assert report.status == SchoolReport.Status.SENT

    # The municipal coordinator returns it with a reason.
    browser.login_cookie(cast.municipal)
    browser.goto(f"/monitoring/municipalities/{cast.mun_a.pk}/roadmap-reports/")
    _clean(browser, "отчёты школ муниципалитета")
    page.get_by_role("link", name=cast.school_a.short_name).click()
    page.wait_for_url(f"**{url}")
    _clean(browser, "отчёт у муниципального координатора")
    page.get_by_label("Причина возврата (обязательно)").fill("Нет выводов о том, когда пройдут открытые уроки")
    page.get_by_role("button", name="Вернуть на доработку").click()
    page.get_by_text("Отчёт возвращён школе на доработку.").wait_for()
    report.refresh_from_db()
    assert report.status == SchoolReport.Status.RETURNED

    # The director sees the reason, corrects the analysis and sends it again.
    browser.login_cookie(cast.director)
    browser.goto(url)
    assert page.get_by_text("Нет выводов о том, когда пройдут открытые уроки").first.is_visible()
    page.get_by_role("textbox", name="Анализ и выводы").fill("Педсовет проведён. Открытые уроки пройдут в октябре.")
    page.get_by_role("button", name="Сохранить анализ").click()
    page.get_by_text("Раздел «Анализ и выводы» сохранён.").wait_for()
    _send(browser, cast)

    # The municipal coordinator accepts it.
    browser.login_cookie(cast.municipal)
    browser.goto(url)
    page.get_by_role("button", name="Принять отчёт").click()
    page.get_by_text("Отчёт принят.").wait_for()
    browser.shot("accepted")
    report.refresh_from_db()
    assert report.status == SchoolReport.Status.ACCEPTED
    assert report.analysis == "Педсовет проведён. Открытые уроки пройдут в октябре."
    assert list(report.history.values_list("action", flat=True)) == ["conclude", "send", "return", "send", "accept"]
    changes = AuditEvent.objects.filter(
        action="state_change", object_type="monitoring.schoolreport", object_id=str(report.pk)
    )
    assert changes.count() == 4  # sent, returned, sent, accepted
