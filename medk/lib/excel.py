"""Reading and writing .xlsx safely.

`open_workbook` checks a file by its content before openpyxl touches it: a real .xlsx is a ZIP container
with `xl/workbook.xml`; a password-protected Office file is an OLE (CFB) container (magic D0 CF 11 E0) with an
`EncryptedPackage` stream; an old .xls is OLE without it. The ZIP central directory is inspected for zip bombs
(declared uncompressed sizes and ratios) before anything is inflated. openpyxl then reads in `read_only` mode
(defusedxml is installed, so openpyxl parses XML safely).

Writers use openpyxl's `write_only` mode so exports of any size stream row by row.
"""

import datetime
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ZIP = b"PK\x03\x04"
_ZIP_EMPTY = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

# Zip-bomb guard, on the sizes declared in the central directory (nothing is inflated to check them).
MAX_ENTRIES = 10_000
MAX_TOTAL_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 200  # per entry, for entries bigger than RATIO_MIN_SIZE (sheet XML compresses ~10–30×)
RATIO_MIN_SIZE = 1024 * 1024


class ExcelError(Exception):
    """A file that cannot be read as a workbook; the message is for the user (Russian)."""


# What openpyxl raises on a broken workbook: a damaged archive (BadZipFile: CRC; zlib.error: deflate data;
# EOFError: truncated), a missing part (KeyError), broken XML (ParseError, a SyntaxError), forbidden XML
# (defusedxml's errors are ValueErrors), bad values in cells (ValueError) and its own InvalidFileException.
BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    SyntaxError,
    ValueError,
    InvalidFileException,
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    return get_column_letter(index)


def _read_head(file: IO[bytes], n: int) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head


def _check_ole(file: IO[bytes]) -> None:
    file.seek(0)
    data = file.read(4 * 1024 * 1024)  # directory entries of small OLE files sit near the start
    file.seek(0)
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        raise ExcelError(
            "Файл защищён паролем. Снимите пароль в Excel («Файл → Сведения → Защита книги») и загрузите снова."
        )
    raise ExcelError(
        "Это файл старого формата Excel (XLS). Сохраните его как «Книга Excel (*.xlsx)» и загрузите снова."
    )


def check_xlsx(file: IO[bytes]) -> None:
    """Raises ExcelError unless the file is a plausible, bomb-free .xlsx."""
    head = _read_head(file, 8)
    if not head:
        raise ExcelError("Файл пустой.")
    if head.startswith(_OLE):
        _check_ole(file)
    if head.startswith(_ZIP_EMPTY):
        raise ExcelError("Файл повреждён: архив книги пуст.")
    if not head.startswith(_ZIP):
        raise ExcelError("Это не файл Excel (.xlsx). Загрузите книгу Excel в формате .xlsx.")
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ExcelError("Файл повреждён: не удалось прочитать книгу Excel.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ExcelError(
                f"Файл отклонён: внутри книги слишком много частей ({len(infos)}) — похоже на «zip-бомбу»."
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise ExcelError("Файл защищён паролем (части книги зашифрованы). Снимите пароль и загрузите снова.")
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ExcelError(
                    f"Файл отклонён: часть книги «{info.filename}» сжата в {ratio} раз — похоже на «zip-бомбу»."
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ExcelError(
                f"Файл отклонён: после распаковки книга заняла бы {total // (1024 * 1024)} МБ — похоже на «zip-бомбу»."
            )
        names = {info.filename.lower() for info in infos}
        if "xl/vbaproject.bin" in names:
            raise ExcelError("Файл отклонён: книга содержит макросы. Сохраните её как «Книга Excel (*.xlsx)».")
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise ExcelError("Это документ Word, а не книга Excel. Загрузите файл .xlsx.")
            raise ExcelError("Это не книга Excel (.xlsx): в архиве нет описания книги.")
    file.seek(0)


def open_workbook(file: IO[bytes]):
    """A read-only openpyxl workbook after `check_xlsx`; every failure becomes an ExcelError."""
    check_xlsx(file)
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except BROKEN_WORKBOOK:
        raise ExcelError("Файл повреждён: не удалось прочитать книгу Excel.") from None


def iter_sheet_rows(sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of a read-only sheet, skipping nothing (numbers are 1-based as in Excel)."""
    try:
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except BROKEN_WORKBOOK:
        raise ExcelError("Файл повреждён: не удалось прочитать строки листа.") from None


_SPACES = re.compile(r"\s+")


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole floats lose their «.0», dates become d.m.Y, inner whitespace collapses."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]  # neutralised by `write_workbook` on export
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


# A text cell starting with one of these is read as a formula (or, after a tab/CR, reparsed as one) by
# Excel, LibreOffice and CSV conversions: «=HYPERLINK(...)» in a name would become a live link.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """User text never becomes a formula: a string starting with a formula trigger gets a leading apostrophe
    (`cell_text` takes it off again on import, so exported files still import back unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    title_rows: dict[str, Sequence[str]] | None = None,
) -> IO[bytes]:
    """Writes (title, headers, rows) sheets in write-only mode into a spooled temporary file, rewound.

    Every text cell goes through `neutralise`: this is the one place exports are written, so no user text
    anywhere becomes a formula."""
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        # write-only sheets need column widths before the first row
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[column_letter(index)].width = max(12, min(50, len(header) + 4))
        for text in (title_rows or {}).get(title, ()):
            cell = WriteOnlyCell(sheet, value=neutralise(text))
            cell.font = bold
            sheet.append([cell])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=neutralise(header))
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header_cells.append(cell)
        if header_cells:
            sheet.append(header_cells)
        for row in rows:
            sheet.append([neutralise(value) for value in row])
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — returned to the caller
    workbook.save(output)
    output.seek(0)
    return output


def workbook_bytes(*args, **kwargs) -> bytes:
    with write_workbook(*args, **kwargs) as f:
        return f.read()
