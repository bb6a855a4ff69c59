"""Exports: .xlsx and PDF with Cyrillic, and the PDF renderer's fetcher that serves only static files."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from medk.lib import pdf
from roadmaps import selectors, services
from tests.conftest import login


def test_the_roadmap_pdf_contains_cyrillic_text(cast, roadmap):
    response = login(cast.curator).get(reverse("roadmaps:roadmap_export_pdf", kwargs={"school_pk": cast.school_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Дорожная карта 2026" in text
    assert "Снизить долю неуспевающих" in text
    assert "Завуч" in text


def test_the_roadmap_xlsx_has_goals_measures_and_indicators(cast, roadmap):
    response = login(cast.director).get(reverse("roadmaps:roadmap_export_xlsx", kwargs={"school_pk": cast.school_a.pk}))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Цели и задачи", "Мероприятия", "Показатели"]
    assert wb["Цели и задачи"]["B2"].value == "Снизить долю неуспевающих"
    assert wb["Мероприятия"]["E2"].value == "Завуч"
    assert wb["Показатели"]["B2"].value == "Доля успевающих"


def test_user_text_starting_with_equals_never_becomes_an_excel_formula(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    section = selectors.roadmap_sections(document=roadmap)[0]
    services.measure_create(section=section, data={"title": '=HYPERLINK("http://evil")'}, by=cast.director)
    response = login(cast.director).get(reverse("roadmaps:roadmap_export_xlsx", kwargs={"school_pk": cast.school_a.pk}))
    cell = load_workbook(io.BytesIO(response.content))["Мероприятия"]["B2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


@pytest.mark.parametrize("trigger", ["\t", "\r", "@", "+"])
def test_user_text_after_a_tab_or_a_sign_never_becomes_a_formula_either(cast, directions, trigger):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    section = selectors.roadmap_sections(document=roadmap)[0]
    services.measure_create(section=section, data={"title": trigger + "=1+1"}, by=cast.director)
    response = login(cast.director).get(reverse("roadmaps:roadmap_export_xlsx", kwargs={"school_pk": cast.school_a.pk}))
    cell = load_workbook(io.BytesIO(response.content))["Мероприятия"]["B2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'")


def test_user_text_in_the_pdf_is_escaped(cast, directions):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    section = selectors.roadmap_sections(document=roadmap)[0]
    services.section_update(
        section=section, goal='<img src="http://example.com/x.png">Цель', tasks="", revision=None, by=cast.director
    )
    data = (
        login(cast.director).get(reverse("roadmaps:roadmap_export_pdf", kwargs={"school_pk": cast.school_a.pk})).content
    )
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert '<img src="http://example.com/x.png">Цель' in text


def test_the_pdf_fetcher_refuses_the_network_and_files_outside_static(settings):
    fetcher = pdf.StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/a.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch((settings.BASE_DIR / "static" / ".." / "manage.py").as_uri())
    font = fetcher.fetch((settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"


def test_export_without_a_roadmap_is_404(cast, directions):
    response = login(cast.regional).get(reverse("roadmaps:roadmap_export_pdf", kwargs={"school_pk": cast.school_c.pk}))
    assert response.status_code == 404


def test_without_weasyprint_the_pdf_export_says_so_in_russian_and_the_page_still_works(cast, roadmap, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if Pango / WeasyPrint were not installed
    client = login(cast.curator)
    response = client.get(reverse("roadmaps:roadmap_export_pdf", kwargs={"school_pk": cast.school_a.pk}))
    assert response["Location"] == reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Формирование PDF недоступно" in page.content.decode()


def test_the_portal_starts_without_weasyprint_and_only_pdf_export_fails():
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "import django; django.setup()\n"
        "import medk.urls, medk.celery\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "from medk.lib import pdf\n"
        "try:\n"
        "    pdf.render_pdf('roadmaps/pdf/roadmap.html', {})\n"
        "except pdf.PdfUnavailable as exc:\n"
        "    print('unavailable:', exc)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "unavailable: Формирование PDF недоступно" in result.stdout
