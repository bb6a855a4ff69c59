"""The row loop every import kind shares, and the reading of a person's columns.

Rows come from the reader one at a time and are taken in chunks: the kind's `prefetch` loads what a chunk's
rows refer to (one query per kind of object), then `check` validates each row and, when the row has no
problem, adds what it needs to write to the kind's plan. Only the plan outlives a chunk, never the cells."""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..models import User
from . import validators as v
from .base import Result, RowCheck, SourceRow, Table
from .lookups import People, Places

CHUNK = 1000
PROGRESS_EVERY = 500


def chunks(rows: Iterable[SourceRow], size: int = CHUNK) -> Iterator[list[SourceRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def check_rows(
    table: Table,
    result: Result,
    *,
    check: Callable[[RowCheck], None],
    prefetch: Callable[[list[SourceRow]], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Runs `check` on every data row; the row's problems (and the reader's: a file broken mid-way, no data
    rows) go into `result.problems`, and `result.rows` counts the rows. Progress is reported against the
    sheet's declared size; a file that declares none (openpyxl's write-only files) reports none."""
    for chunk in chunks(table.rows):
        if prefetch is not None:
            prefetch(chunk)
        for row in chunk:
            if progress and table.expected_rows and result.rows % PROGRESS_EVERY == 0:
                progress(min(result.rows, table.expected_rows), table.expected_rows)
            result.rows += 1
            rc = RowCheck(table, row)
            check(rc)
            result.problems.extend(rc.problems)
    result.problems.extend(table.problems)


def emails(rows: list[SourceRow], key: str = "email") -> list[str]:
    return [row.text(key).lower() for row in rows]


def person(
    rc: RowCheck, people: People, *, position: str | None = "position", limit: int = 255
) -> tuple[User | None, str | None]:
    """The person of a coordinator's or candidate's row: «ФИО», «E-mail», «Телефон» and (when the kind has
    it) a position column of at most `limit` characters. Returns (user or None, the e-mail when both the
    name and the e-mail are valid)."""
    name = rc.parse("name", v.person_name)
    email = rc.parse("email", v.email)
    phone = rc.parse("phone", v.phone)
    extra = {}
    if position is not None:
        extra["position"] = rc.call(position, v.limited, rc.text(position), limit) or ""
    if not (name and email):
        return None, None
    user = rc.call("email", people.person, email=email, name=name, row=rc.row.number, phone=phone or "", **extra)
    return user, email


def count_created(result: Result, people: People, places: Places | None = None, *, municipalities=True) -> None:
    people.count_into(result.count("people"))
    if places is not None:
        if municipalities:
            result.count("municipalities").created += len(places.new_municipalities)
        result.count("regions").created += len(places.new_regions)
