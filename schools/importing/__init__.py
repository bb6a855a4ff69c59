"""Excel import of schools, municipal coordinators, curators and curator candidates.

Each kind is a module with `KIND`, `TITLE`, `SHEET`, `COLUMNS`, `build(table, …) -> plan` (validates every
row as the reader streams it, through the shared loop of `rows.py`, and plans what would change, touching
nothing) and `apply(plan, …)` (bulk writes). `run()` validates the whole file, and only when there is not a
single problem writes everything in one transaction; the file's cells are never all in memory, only the plan.
Matching: schools on ИНН, people on e-mail, so a re-import of the same file changes nothing.
"""

import logging
from collections.abc import Callable
from typing import IO

from django.db import IntegrityError, transaction

from medk.lib import excel

from .. import services
from ..models import ImportJob, ProjectYear, Region, User
from . import candidates, coordinators, curators, reader, regional
from . import schools as schools_kind
from .base import Problem, Result

logger = logging.getLogger(__name__)

KINDS = {m.KIND: m for m in (schools_kind, coordinators, curators, candidates, regional)}
# What a regional coordinator may import for their own region (regional coordinators are the federal level's).
REGION_KINDS = (schools_kind.KIND, coordinators.KIND, curators.KIND)
KIND_CHOICES = [(m.KIND, m.TITLE) for m in KINDS.values()]
ENTITY_LABELS = {
    "regions": "Регионы",
    "municipalities": "Муниципалитеты",
    "schools": "Школы",
    "people": "Пользователи",
    "roles": "Роли и назначения",
    "programmes": "Другие программы школ",
    "candidates": "Кандидаты в кураторы",
}


def run(
    *,
    kind: str,
    file: IO[bytes],
    year: ProjectYear,
    dry_run: bool = False,
    create_municipalities: bool = False,
    by: User | None = None,
    progress: Callable[[int, int], None] | None = None,
    region: Region | None = None,
    sync: bool = False,
    job: ImportJob | None = None,
) -> Result:
    """Validates the whole file; writes everything (one transaction) only if nothing is wrong and not dry_run.
    `region`: a regional coordinator's import (other regions' rows are refused with row and column);
    `sync`: the schools kind takes out of the year the region's schools absent from the file."""
    module = KINDS[kind]
    result = Result(kind=kind)
    with reader.open_table(file, module.COLUMNS) as table:
        result.ignored_headers = table.ignored_headers
        if table.problems:
            result.problems = table.problems
            return result
        plan = module.build(
            table,
            year=year,
            create_municipalities=create_municipalities,
            result=result,
            progress=progress,
            region=region,
            sync=sync,
        )
    if result.problems or dry_run:
        return result
    try:
        with transaction.atomic():
            new_users = module.apply(plan, year=year, by=by)
            services.users_invite_on_commit(users=new_users, job=job)
    except IntegrityError:
        # Someone changed the same data between the check and the write: nothing was written.
        logger.warning("import %s: integrity error on write", kind, exc_info=True)
        result.problems = [
            Problem("Данные в системе изменились во время импорта; ничего не записано. Повторите импорт.")
        ]
        return result
    result.applied = True
    return result


def template_file(kind: str) -> IO[bytes]:
    """A blank workbook with the canonical headers, and a help sheet listing the accepted synonyms."""
    module = KINDS[kind]
    help_rows = [(c.title, "да" if c.required else "нет", "; ".join(c.synonyms), c.help) for c in module.COLUMNS]
    return excel.write_workbook(
        [
            (module.SHEET, [c.title for c in module.COLUMNS], []),
            ("Справка", ["Столбец", "Обязательный", "Другие допустимые названия", "Пояснение"], help_rows),
        ]
    )
