"""Reading a sheet into rows keyed by column: the header may sit below title rows, columns in any order."""

from collections.abc import Sequence
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


def read_table(file: IO[bytes], columns: Sequence[Column]) -> Table:
    """Reads the first sheet that has a header row; problems are reported, never raised."""
    table = Table()
    try:
        workbook = excel.open_workbook(file)
    except excel.ExcelError as error:
        table.problems.append(Problem(str(error)))
        return table
    try:
        return _read(workbook, columns, table)
    except excel.ExcelError as error:
        table.problems.append(Problem(str(error)))
        return table
    finally:
        workbook.close()


def _read(workbook, columns: Sequence[Column], table: Table) -> Table:
    required = [c for c in columns if c.required]
    best: tuple[int, str, int, dict] | None = None  # (matched, sheet title, row number, mapping)
    any_values = False
    for sheet in workbook.worksheets:
        rows = excel.iter_sheet_rows(sheet)
        header: dict[str, tuple[int, str]] | None = None
        header_values: Sequence = ()
        positions: list[tuple[str, int]] = []  # key → 0-based index in the row
        for number, values in rows:
            if header is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                if any(v not in (None, "") for v in values):
                    any_values = True
                found = _match_header(values, columns)
                if found and (best is None or len(found) > best[0]):
                    best = (len(found), sheet.title, number, found)
                if all(c.key in found for c in required):
                    header, header_values = found, values
                    positions = [(key, index - 1) for key, (index, _) in found.items()]
                    table.header_row = number
                    table.columns = {k: (excel.column_letter(i), h) for k, (i, h) in found.items()}
                    known = {i for i, _ in found.values()}
                    table.ignored_headers = [
                        excel.cell_text(v)
                        for i, v in enumerate(header_values, start=1)
                        if i not in known and excel.cell_text(v)
                    ]
                continue
            if not any(excel.cell_text(v) for v in values):
                continue
            width = len(values)
            table.rows.append(
                SourceRow(number, {key: values[i] for key, i in positions if i < width}),
            )
        if header is not None:
            break
    if table.header_row is None:
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
    elif not table.rows:
        table.problems.append(Problem("Файл пустой: под строкой заголовков нет ни одной строки с данными."))
    return table
