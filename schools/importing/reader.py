"""Reading a sheet row by row, keyed by column: the header may sit below title rows, columns in any order.

`open_table` finds the header and then streams the data rows from openpyxl's read-only parser: a row's cells
live only while the import checks that row, so memory does not grow with the file's cells."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from medk.lib import excel

from .base import Column, Problem, SourceRow, Table, normalize

HEADER_SEARCH_ROWS = 30


def _match_header(values: Sequence, columns: Sequence[Column]) -> dict[str, tuple[int, str]]:
    """key → (1-based column index, header as written) for the cells of one row that name a column."""
    found: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(values, start=1):
        text = excel.cell_text(value)
        if not text:
            continue
        key = normalize(text)
        for column in columns:
            if key in column.keys and column.key not in found:
                found[column.key] = (index, text)
                break
    return found


@contextmanager
def open_table(file: IO[bytes], columns: Sequence[Column]) -> Iterator[Table]:
    """The first sheet that has a header row, with `rows` a one-pass iterator of its data rows. Problems are
    reported in `table.problems`, never raised: a file without a header has them at once; a file broken
    mid-way, or with no data under the header, gets them when `rows` is exhausted."""
    table = Table()
    try:
        workbook = excel.open_workbook(file)
    except excel.ExcelError as error:
        table.problems.append(Problem(str(error)))
        yield table
        return
    try:
        sheet_rows = _find_header(workbook, columns, table)
        if sheet_rows is not None:
            table.rows = _data_rows(sheet_rows, table)
        yield table
    finally:
        workbook.close()


def read_table(file: IO[bytes], columns: Sequence[Column]) -> Table:
    """The whole table in memory (small files: the outcomes' import, tests)."""
    with open_table(file, columns) as table:
        table.rows = list(table.rows)
    return table


def _find_header(workbook, columns: Sequence[Column], table: Table) -> Iterator | None:
    """Reads each sheet's first rows until one has every required column; returns that sheet's row iterator,
    positioned after the header (None, with a problem, when no sheet has such a row)."""
    required = [c for c in columns if c.required]
    best: tuple[int, str, int, dict] | None = None  # (matched, sheet title, row number, mapping)
    any_values = False
    try:
        for sheet in workbook.worksheets:
            rows = excel.iter_sheet_rows(sheet)
            for number, values in rows:
                if number > HEADER_SEARCH_ROWS:
                    break
                if any(v not in (None, "") for v in values):
                    any_values = True
                found = _match_header(values, columns)
                if found and (best is None or len(found) > best[0]):
                    best = (len(found), sheet.title, number, found)
                if all(c.key in found for c in required):
                    _set_header(table, number, values, found, sheet.max_row)
                    return rows
    except excel.ExcelError as error:
        table.problems.append(Problem(str(error)))
        return None
    if not any_values:
        table.problems.append(Problem("Файл пустой: на листах нет данных."))
    elif best is None:
        titles = ", ".join(f"«{c.title}»" for c in required)
        table.problems.append(
            Problem(f"Не найдена строка заголовков: в первых {HEADER_SEARCH_ROWS} строках нет столбцов {titles}.")
        )
    else:
        _, sheet_title, number, found = best
        missing = ", ".join(f"«{c.title}»" for c in required if c.key not in found)
        table.problems.append(
            Problem(f"В строке заголовков (лист «{sheet_title}») нет обязательных столбцов: {missing}.", row=number)
        )
    return None


def _set_header(table: Table, number: int, values: Sequence, found: dict, max_row: int | None) -> None:
    table.header_row = number
    table.columns = {k: (excel.column_letter(i), h) for k, (i, h) in found.items()}
    known = {i for i, _ in found.values()}
    table.ignored_headers = [
        excel.cell_text(v) for i, v in enumerate(values, start=1) if i not in known and excel.cell_text(v)
    ]
    table.positions = [(key, index - 1) for key, (index, _) in found.items()]
    # The sheet's declared size (its <dimension>), for progress only: a file may omit or misstate it.
    table.expected_rows = max((max_row or 0) - number, 0)


def _data_rows(rows: Iterator, table: Table) -> Iterator[SourceRow]:
    positions = table.positions
    count = 0
    try:
        for number, values in rows:
            if not any(excel.cell_text(v) for v in values):
                continue
            width = len(values)
            count += 1
            yield SourceRow(number, {key: values[i] for key, i in positions if i < width})
    except excel.ExcelError as error:
        table.problems.append(Problem(str(error)))
        return
    if not count:
        table.problems.append(Problem("Файл пустой: под строкой заголовков нет ни одной строки с данными."))
