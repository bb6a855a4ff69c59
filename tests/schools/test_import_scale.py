"""Large files: 10,000 schools import in one run, with a bounded number of queries; the reader streams rows."""

import io
import tracemalloc

import openpyxl

from schools import importing
from schools.importing import reader
from schools.importing import schools as schools_kind
from schools.models import School, SchoolStaff, SchoolUserObjectPermission
from schools.validators import make_inn10

from .xlsx import SCHOOL_HEADERS, xlsx

N = 10_000


def test_ten_thousand_schools_import_in_one_run_with_bulk_writes(cast, django_assert_max_num_queries):
    rows = [
        [
            "Смоленская область",
            "Краснинский район" if n % 2 else "Сафоновский район",
            f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
            f"МБОУ «Школа № {n}»",
            make_inn10(f"{770000000 + n}"),
            f"k{n}",
            f"ул. Длинная, {n}",
            "сельская",
            "Учителев Пётр Иванович",
            f"d{n}@example.ru",
        ]
        for n in range(N)
    ]
    data = xlsx([SCHOOL_HEADERS, *rows])
    with django_assert_max_num_queries(300):
        result = importing.run(kind="schools", file=io.BytesIO(data), year=cast.year)

    assert result.ok, [str(p) for p in result.problems[:3]]
    assert result.counts["schools"].created == N
    assert School.objects.count() == N + 4
    assert SchoolStaff.objects.filter(kind="director").count() == N + 2
    assert SchoolUserObjectPermission.objects.filter(user__email="d5@example.ru").count() == 2


def _schools_file(n: int) -> bytes:
    """A write-only workbook (inline strings, as exports and generators write): no shared-string table that
    openpyxl would hold whole, so what reading it keeps in memory is the reader's own doing."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Школы")
    sheet.append(SCHOOL_HEADERS)
    for k in range(n):
        sheet.append(["Смоленская область", "Краснинский район", f"Школа № {k}", f"Школа {k}", make_inn10(f"{k:09d}")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _peak(read) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _read_with_the_import_reader(data: bytes) -> None:
    with reader.open_table(io.BytesIO(data), schools_kind.COLUMNS) as table:
        assert sum(1 for _ in table.rows) == 4000


def _read_with_openpyxl_alone(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()


def test_the_reader_streams_rows_and_keeps_no_more_than_openpyxl_itself():
    data = _schools_file(4000)
    own = _peak(lambda: _read_with_the_import_reader(data))
    floor = _peak(lambda: _read_with_openpyxl_alone(data))
    # Keeping every row's cells would take 4–5 times openpyxl's own peak here (measured: 3.7 MB against 0.8 MB).
    assert own < 1.5 * floor, (own, floor)
