"""The shapes every import kind shares: columns, problems, the read table and the result."""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from medk.lib.excel import cell_text

_NOT_ALNUM = re.compile(r"[^0-9a-zа-я]+")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-я]")
# Cyrillic letters that look Latin, for words typed in mixed layouts («Е-mail» with a Cyrillic Е).
_LOOKALIKES = str.maketrans("аеорсхукмтнв", "aeopcxykmthb")


def normalize(text: str) -> str:
    """Forgiving key for headers and names: case, ё/е, spaces, punctuation and mixed layouts do not matter."""
    words = str(text).lower().replace("ё", "е").split()
    words = [w.translate(_LOOKALIKES) if _LATIN.search(w) and _CYRILLIC.search(w) else w for w in words]
    return _NOT_ALNUM.sub("", "".join(words))


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # the canonical header (the template's)
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""

    @property
    def keys(self) -> set[str]:
        return {normalize(self.title), *(normalize(s) for s in self.synonyms)}


@dataclass
class Problem:
    message: str
    row: int | None = None
    column: str | None = None  # Excel letter
    header: str | None = None  # the header as written in the file

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец {self.column}" + (f" «{self.header}»" if self.header else ""))
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class SourceRow:
    """One data row: its Excel number and the raw values of the columns the import knows (by key); where
    each key sits in the sheet is the table's (`Table.columns`), not repeated per row."""

    __slots__ = ("number", "values")

    def __init__(self, number: int, values: dict[str, Any]):
        self.number = number
        self.values = values

    def value(self, key: str) -> Any:
        return self.values.get(key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


@dataclass
class Table:
    rows: Iterable[SourceRow] = ()  # streamed by `reader.open_table` (one pass), a list from `read_table`
    problems: list[Problem] = field(default_factory=list)
    header_row: int | None = None
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (letter, header)
    positions: list[tuple[str, int]] = field(default_factory=list)  # key → 0-based index in a row
    ignored_headers: list[str] = field(default_factory=list)
    expected_rows: int = 0  # the sheet's declared size, for progress only


@dataclass
class Counter:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Result:
    kind: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    applied: bool = False
    # The preview school by school: {"name", "inn", "action": created|changed|left, "fields": [...]}.
    details: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, entity: str) -> Counter:
        return self.counts.setdefault(entity, Counter())

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "problems": [asdict(p) | {"text": str(p)} for p in self.problems],
            "counts": {k: asdict(v) for k, v in self.counts.items()},
            "ignored_headers": self.ignored_headers,
            "applied": self.applied,
            "details": self.details,
        }


class CellError(Exception):
    """A value a user must fix; the message is Russian."""


class RowCheck:
    """Collects the problems of one row; each problem names the row and the column it came from."""

    def __init__(self, table: Table, row: SourceRow):
        self.table = table
        self.row = row
        self.problems: list[Problem] = []

    def value(self, key: str):
        return self.row.value(key)

    def text(self, key: str) -> str:
        return self.row.text(key)

    def fail(self, key: str, message: str) -> None:
        letter, header = self.table.columns.get(key, (None, None))
        self.problems.append(Problem(message, row=self.row.number, column=letter, header=header))

    def parse(self, key: str, parser, *args):
        """parser(cell value, *args); a CellError becomes a problem at this row and column."""
        return self.call(key, parser, self.value(key), *args)

    def call(self, key: str, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except CellError as error:
            self.fail(key, str(error))
            return None
