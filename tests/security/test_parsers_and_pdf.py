"""Untrusted files: openpyxl parses through defusedxml; WeasyPrint never fetches anything outside static files."""

import io
import zipfile

import openpyxl
import pytest

from medk.lib import excel, pdf

XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    "<si><t>&xxe;</t></si></sst>"
)


def _xlsx_with_shared_strings(xml: str) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "placeholder"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = xml.encode() if item.filename == "xl/sharedStrings.xml" else src.read(item.filename)
            dst.writestr(item, data)
    return out.getvalue()


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_an_xlsx_with_an_external_entity_never_reveals_a_local_file():
    data = _xlsx_with_shared_strings(XXE)
    values: list = []
    try:
        book = excel.open_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            values += [v for _, row in excel.iter_sheet_rows(sheet) for v in row]
    except Exception as error:  # noqa: BLE001 — refusing the file is the expected outcome
        assert "root:" not in str(error)
    assert not any("root:" in str(v) for v in values)


@pytest.mark.parametrize(
    "url",
    ["http://example.com/logo.png", "https://127.0.0.1/secret", "file:///etc/passwd", "ftp://example.com/x"],
)
def test_the_pdf_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError, match="Запрещённый адрес|вне статических"):
        pdf.StaticOnlyFetcher().fetch(url)


def test_the_pdf_fetcher_serves_the_portal_fonts():
    font = pdf.static_dirs()[0] / "fonts" / "DejaVuSans.ttf"
    response = pdf.StaticOnlyFetcher().fetch(font.as_uri())
    assert response is not None
