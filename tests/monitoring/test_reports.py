import io

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from monitoring.models import Report
from monitoring.services import reports
from tests.conftest import login, wait_for
from tests.monitoring.conftest import add_schools, count_queries


def pdf_text(report: Report) -> str:
    with report.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def build(world, **kwargs) -> Report:
    report = Report.objects.create(year=world.year, requested_by=world.regional, **kwargs)
    return reports.report_build(report=report)


def test_school_report_pdf_names_the_school_and_its_indicators(world):
    report = build(world, kind="school", school=world.school_a, fmt="pdf")
    assert report.status == "done" and report.progress == 100
    text = pdf_text(report)
    assert "Отчёт о выполнении дорожной карты" in text
    assert "МБОУ «Гусинская СШ»" in text
    assert "Доля ОО, в которых назначены кураторы" in text
    assert "Низкий уровень оснащения школы" in text  # its activated risk direction


def test_regional_report_pdf_has_indicator_values_and_the_schools_behind(world):
    report = build(world, kind="region", region=world.region, fmt="pdf")
    text = pdf_text(report)
    assert "Смоленская область" in text
    assert "2 из 3 (67 %)" in text  # curators appointed
    assert "1 из 3 (33 %)" in text  # risk directions activated
    assert "МКОУ «Барановская СОШ»" in text  # behind: no curator
    assert "Недостаток времени у педагогов" in text  # a typical difficulty named at monitoring
    assert "Чужая" not in text


def test_regional_report_pdf_keeps_every_municipality_and_every_school_behind_in_its_fixed_tables(world):
    added = add_schools(year=world.year, region=world.region, n=6)  # no curator, no logins: all behind
    report = build(world, kind="region", region=world.region, fmt="pdf")
    with report.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for school in added:
        assert school.short_name in text
    for name in {s.municipality.name for s in added} | {world.school_b.municipality.name}:
        assert name in text
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape: the municipalities' indicator columns fit


def test_building_the_regional_report_context_takes_as_many_queries_whatever_the_regions_size(world):
    def context():
        report = Report.objects.create(
            kind="region", fmt="pdf", year=world.year, region=world.region, requested_by=world.regional
        )
        reports.build_context(report=report)

    before = count_queries(context)
    add_schools(year=world.year, region=world.region, n=5)
    add_schools(year=world.year, municipality=world.school_a.municipality, n=3)
    assert count_queries(context) == before


def test_federal_report_pdf_lists_regions(world):
    report = build(world, kind="federal", fmt="pdf")
    text = pdf_text(report)
    assert "Смоленская область" in text and "Ярославская область" in text
    assert "2 из 4 (50 %)" in text


def test_regional_report_xlsx_has_the_schools_sheet(world):
    report = build(world, kind="region", region=world.region, fmt="xlsx")
    with report.file.open("rb") as fh:
        workbook = openpyxl.load_workbook(io.BytesIO(fh.read()))
    assert workbook.sheetnames == ["Итого", "Муниципалитеты", "Школы"]
    schools = [row[0] for row in workbook["Школы"].iter_rows(min_row=2, values_only=True)]
    assert "МКОУ «Барановская СОШ»" in schools


def test_a_failed_build_says_so_instead_of_spinning(world):
    report = build(world, kind="region", region=world.region, fmt="doc")
    assert report.status == "failed"
    assert "неизвестный формат" in report.error
    html = login(world.regional).get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "Отчёт не сформирован" in html
    assert "hx-trigger" not in html


def test_a_pending_report_page_polls_and_a_done_one_offers_the_file(world):
    report = Report.objects.create(year=world.year, requested_by=world.regional, kind="region", region=world.region)
    client = login(world.regional)
    html = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    partial = client.get(reverse("monitoring:report_detail", args=[report.pk]), headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "report-status" in partial.content.decode()
    reports.report_build(report=report)
    html = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "hx-trigger" not in html and reverse("monitoring:report_download", args=[report.pk]) in html
    response = client.get(reverse("monitoring:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_requesting_a_report_builds_it_after_commit(world, django_capture_on_commit_callbacks):
    # Tasks run eagerly here (tests/conftest.py: celery_task_mode); the worker test is below.
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.regional).post(
            reverse("monitoring:report_create"), {"kind": "region", "region": world.region.pk, "fmt": "xlsx"}
        )
    report = Report.objects.get()
    assert response["Location"] == reverse("monitoring:report_detail", args=[report.pk])
    assert report.status == "done"


def test_a_region_report_for_a_foreign_region_is_refused(world):
    response = login(world.regional).post(
        reverse("monitoring:report_create"), {"kind": "region", "region": world.foreign_region.pk, "fmt": "pdf"}
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.celery_worker
def test_a_real_celery_worker_builds_the_regional_report(world, celery_worker, transactional_db):
    with transaction.atomic():
        report = reports.report_request(
            kind="region", fmt="pdf", year=world.year, by=world.regional, region=world.region
        )
    done = wait_for(lambda: Report.objects.filter(pk=report.pk, status__in=["done", "failed"]).first(), timeout=120)
    assert done.status == "done", done.error
    celery_worker.assert_ran("monitoring.tasks.report_build")
    assert "Смоленская область" in pdf_text(done)


def test_a_report_stuck_in_the_queue_stops_polling_and_says_so(world):
    import datetime

    from django.utils import timezone

    report = Report.objects.create(year=world.year, requested_by=world.regional, kind="region", region=world.region)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    html = login(world.regional).get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "не завершилась" in html
    assert "hx-trigger" not in html


def test_regional_report_xlsx_writes_numbers_as_numbers_and_the_regions_figures_once(world):
    report = build(world, kind="region", region=world.region, fmt="xlsx")
    with report.file.open("rb") as fh:
        workbook = openpyxl.load_workbook(io.BytesIO(fh.read()))
    totals = {row[0]: row[1:4] for row in workbook["Итого"].iter_rows(min_row=2, values_only=True)}
    assert totals["Доля ОО, в которых назначены кураторы"] == (2, 3, 66.7)
    assert totals["Региональный план-график направлен"][:2] == (1, 1)
    municipalities = workbook["Муниципалитеты"]
    headers = [c.value for c in next(municipalities.iter_rows(max_row=1))]
    assert not [h for h in headers if "план-график" in h.lower()], "показатели региона — не в строках муниципалитетов"
    values = [c for row in municipalities.iter_rows(min_row=2) for c in row[1:] if c.value is not None]
    assert values and all(c.data_type == "n" for c in values), "числа записаны числами, а не «1 из 2 (50 %)»"


def test_a_report_that_becomes_ready_while_the_page_polls_downloads_without_a_second_click(world):
    report = Report.objects.create(year=world.year, requested_by=world.regional, kind="region", region=world.region)
    client = login(world.regional)
    reports.report_build(report=report)
    polled = client.get(reverse("monitoring:report_detail", args=[report.pk]), headers={"HX-Request": "true"})
    html = polled.content.decode()
    download = reverse("monitoring:report_download", args=[report.pk])
    assert f'href="{download}" data-autodownload' in html
    assert "Загрузка файла началась" in html
    revisit = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "data-autodownload" not in revisit, "открытый позже готовый отчёт не скачивается сам ещё раз"
