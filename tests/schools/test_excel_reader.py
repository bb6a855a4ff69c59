"""medk.lib.excel: a file is checked by its content before openpyxl opens it."""

import io
import zipfile

import pytest

from medk.lib import excel

from .xlsx import xlsx

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check(data: bytes) -> str:
    with pytest.raises(excel.ExcelError) as error:
        excel.open_workbook(io.BytesIO(data))
    return str(error.value)


def test_a_real_xlsx_opens_read_only():
    wb = excel.open_workbook(io.BytesIO(xlsx([["ИНН"], ["6700000000"]])))
    assert wb.read_only
    assert [r for _, r in excel.iter_sheet_rows(wb.worksheets[0])] == [("ИНН",), ("6700000000",)]


def test_an_empty_file_is_refused():
    assert check(b"") == "Файл пустой."


def test_a_password_protected_workbook_is_recognised_by_its_ole_container():
    data = OLE_MAGIC + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    assert "защищён паролем" in check(data)


def test_an_old_xls_file_is_refused_with_advice():
    assert "XLS" in check(OLE_MAGIC + b"\x00" * 600)


def test_a_text_file_is_not_excel():
    assert "не файл Excel" in check("Регион;ИНН\nСмоленская;123".encode())


def test_a_broken_zip_is_reported_as_corrupt():
    assert "повреждён" in check(b"PK\x03\x04" + b"garbage" * 50)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "Word" in check(out.getvalue())


def test_a_zip_bomb_is_refused_from_the_declared_sizes_before_anything_is_inflated():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert len(out.getvalue()) < 100 * 1024
    assert "zip-бомбу" in check(out.getvalue())


def test_a_workbook_with_garbage_inside_is_reported_as_corrupt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "not xml at all")
        z.writestr("xl/workbook.xml", "<<<")
    assert "повреждён" in check(out.getvalue())


def test_cell_text_keeps_numbers_whole_and_dates_russian():
    import datetime

    assert excel.cell_text(6712345678.0) == "6712345678"
    assert excel.cell_text(datetime.date(2026, 3, 1)) == "01.03.2026"
    assert excel.cell_text("  Смоленская\u00a0 область ") == "Смоленская область"


def _with_sheet(transform) -> bytes:
    """A real workbook whose first sheet's XML is passed through transform."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["ИНН"], ["6700000001"], ["6700000002"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            data = source.read(info.filename)
            z.writestr(info.filename, transform(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def test_a_sheet_broken_below_its_first_rows_is_reported_as_corrupt_while_streaming():
    data = _with_sheet(lambda xml: xml.replace(b'r="A3"', b'r="!!"'))
    book = excel.open_workbook(io.BytesIO(data))  # opens: the sheet is read only row by row
    rows = excel.iter_sheet_rows(book.worksheets[0])
    assert next(rows) == (1, ("ИНН",))
    with pytest.raises(excel.ExcelError, match="повреждён"):
        list(rows)


def test_a_workbook_part_that_is_missing_is_reported_as_corrupt():
    source = zipfile.ZipFile(io.BytesIO(xlsx([["ИНН"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            if info.filename != "xl/_rels/workbook.xml.rels":
                z.writestr(info.filename, source.read(info.filename))
    assert "повреждён" in check(out.getvalue())


def test_the_import_reader_reports_a_file_broken_mid_way_as_a_problem_not_an_error():
    from schools.importing import reader
    from schools.importing.base import Column

    data = _with_sheet(lambda xml: xml.replace(b'r="A3"', b'r="!!"'))
    with reader.open_table(io.BytesIO(data), [Column("inn", "ИНН", required=True)]) as table:
        assert not table.problems  # the header is fine
        assert [row.text("inn") for row in table.rows] == ["6700000001"]
    assert [str(p) for p in table.problems] == ["Файл повреждён: не удалось прочитать строки листа."]
