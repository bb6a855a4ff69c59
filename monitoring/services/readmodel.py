"""The dashboards' read model: every participating school's indicators, and their sums per municipality and region.

The values come from the live expressions of `indicators.school_expressions` (all of SOURCES, so an indicator
added there is stored here without a change). A school is refreshed after a commit that touched a row its
indicators read (`indicators.WATCHES`, connected in `monitoring.signals`); `indicator_states_rebuild` (a Celery
task, the `indicators_rebuild` command and a nightly beat entry) recomputes a whole year.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from schools.models import Participation, ProjectYear

from ..models import AreaIndicators, SchoolIndicators
from . import indicators as ind

log = logging.getLogger(__name__)

# Rows written at a high rate (questionnaire answers): their schools are refreshed by a Celery task
# a few seconds later, at most one pending task per school, rather than in the request.
DEFERRED_SECONDS = 10
_DEFERRED_KEY = "monitoring:ind-stale:{}"
# School id → when the deferred refresh this process scheduled will run (time.monotonic()): until then its key
# is certainly in the cache (the task deletes it only when it starts), so a class answering together asks
# Redis once per school and refresh, not once per answer.
_SCHEDULED_HERE: dict[int, float] = {}
# More schools than this in one commit (an import) are refreshed by a Celery task.
IN_REQUEST_MAX = 200


def _flags(*, year: ProjectYear, school_ids: Iterable[int] | None) -> list[dict]:
    """[{pk, municipality_id, region_id, done: {code: bool}}] of the year's participating schools — one query."""
    exprs = ind.school_expressions(year=year)
    schools = ind.participating_schools(year=year)
    if school_ids is not None:
        schools = schools.filter(pk__in=list(school_ids))
    rows = schools.order_by().values(
        "pk",
        "municipality_id",
        "municipality__region_id",
        **{f"ind_{code}": ExpressionWrapper(expr, output_field=BooleanField()) for code, expr in exprs.items()},
    )
    return [
        {
            "pk": r["pk"],
            "municipality_id": r["municipality_id"],
            "region_id": r["municipality__region_id"],
            "done": {code: bool(r[f"ind_{code}"]) for code in exprs},
        }
        for r in rows
    ]


def _write_schools(*, year: ProjectYear, rows: list[dict]) -> None:
    SchoolIndicators.objects.bulk_create(
        [
            SchoolIndicators(
                year=year,
                school_id=r["pk"],
                municipality_id=r["municipality_id"],
                region_id=r["region_id"],
                done=r["done"],
            )
            for r in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["year", "school"],
        update_fields=["municipality", "region", "done", "updated_at"],
    )


def _sum(rows: Iterable[tuple[int, dict]]) -> dict:
    """{"total": n, "done": {code: n}} of school rows given as (1, done) or of area rows as (total, done)."""
    total, done = 0, defaultdict(int)
    for n, values in rows:
        total += n
        for code, value in values.items():
            done[code] += int(value)
    return {"total": total, "done": dict(done)}


def _areas_refresh(*, year: ProjectYear, municipality_ids: set[int], region_ids: set[int]) -> None:
    """Recomputes the sums of these municipalities from their schools, then of these regions from their
    municipalities (deleting the ones left without schools) — four queries."""
    by_municipality: dict[int, list] = defaultdict(list)
    region_of: dict[int, int] = {}
    for m_id, r_id, done in SchoolIndicators.objects.filter(
        year=year, municipality_id__in=municipality_ids
    ).values_list("municipality_id", "region_id", "done"):
        by_municipality[m_id].append((1, done))
        region_of[m_id] = r_id
    AreaIndicators.objects.filter(year=year, municipality_id__in=municipality_ids - set(by_municipality)).delete()
    rows = []
    for m_id, schools in by_municipality.items():
        sums = _sum(schools)
        rows.append(
            AreaIndicators(
                year=year, region_id=region_of[m_id], municipality_id=m_id, total=sums["total"], done=sums["done"]
            )
        )
    AreaIndicators.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["year", "municipality"],
        update_fields=["region", "total", "done", "updated_at"],
    )
    region_ids = region_ids | set(region_of.values())
    by_region: dict[int, list] = defaultdict(list)
    for r_id, total, done in AreaIndicators.objects.filter(
        year=year, region_id__in=region_ids, municipality__isnull=False
    ).values_list("region_id", "total", "done"):
        by_region[r_id].append((total, done))
    AreaIndicators.objects.filter(
        year=year, municipality__isnull=True, region_id__in=region_ids - set(by_region)
    ).delete()
    regions, now = [], timezone.now()  # bulk_update leaves auto_now alone
    for r_id, municipalities in by_region.items():
        sums = _sum(municipalities)
        regions.append(
            AreaIndicators(year=year, region_id=r_id, total=sums["total"], done=sums["done"], updated_at=now)
        )
    # The unique constraint of region rows is partial (municipality empty): update in place, then insert the rest.
    existing = dict(
        AreaIndicators.objects.filter(year=year, municipality__isnull=True, region_id__in=list(by_region)).values_list(
            "region_id", "pk"
        )
    )
    for row in regions:
        row.pk = existing.get(row.region_id)
    AreaIndicators.objects.bulk_update([r for r in regions if r.pk], ["total", "done", "updated_at"], batch_size=2000)
    AreaIndicators.objects.bulk_create([r for r in regions if not r.pk], batch_size=2000)


@transaction.atomic
def indicator_states_refresh(*, school_ids: Iterable[int]) -> int:
    """Recomputes these schools in every year they take part in (and drops the years they left)."""
    school_ids = set(school_ids)
    if not school_ids:
        return 0
    years: dict[int, set[int]] = defaultdict(set)
    for year_id, school_id in Participation.objects.filter(school_id__in=school_ids).values_list(
        "year_id", "school_id"
    ):
        years[year_id].add(school_id)
    stale = defaultdict(set)  # year → areas the schools were in before
    for year_id, m_id, r_id in SchoolIndicators.objects.filter(school_id__in=school_ids).values_list(
        "year_id", "municipality_id", "region_id"
    ):
        stale[year_id].add((m_id, r_id))
    SchoolIndicators.objects.filter(school_id__in=school_ids).exclude(
        year_id__in=[y for y in years if years[y]]
    ).delete()
    written = 0
    for year in ProjectYear.objects.filter(pk__in=set(years) | set(stale)):
        ids = years.get(year.pk, set())
        SchoolIndicators.objects.filter(year=year, school_id__in=school_ids - ids).delete()
        rows = _flags(year=year, school_ids=ids) if ids else []
        _write_schools(year=year, rows=rows)
        areas = stale.get(year.pk, set()) | {(r["municipality_id"], r["region_id"]) for r in rows}
        _areas_refresh(year=year, municipality_ids={m for m, _ in areas}, region_ids={r for _, r in areas})
        written += len(rows)
    return written


@transaction.atomic
def indicator_states_rebuild(*, year: ProjectYear) -> int:
    """Recomputes the whole year: every participating school, every municipality and region."""
    rows = _flags(year=year, school_ids=None)
    SchoolIndicators.objects.filter(year=year).exclude(school_id__in=[r["pk"] for r in rows]).delete()
    _write_schools(year=year, rows=rows)
    AreaIndicators.objects.filter(year=year).delete()
    _areas_refresh(
        year=year, municipality_ids={r["municipality_id"] for r in rows}, region_ids={r["region_id"] for r in rows}
    )
    return len(rows)


@transaction.atomic
def areas_refresh(*, areas: Iterable[tuple[int, int, int]]) -> None:
    """Recomputes the sums of these (year id, municipality id, region id) areas from the schools left in them."""
    by_year: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for year_id, m_id, r_id in areas:
        by_year[year_id].add((m_id, r_id))
    for year in ProjectYear.objects.filter(pk__in=list(by_year)):
        pairs = by_year[year.pk]
        _areas_refresh(year=year, municipality_ids={m for m, _ in pairs}, region_ids={r for _, r in pairs})


# --- Marking schools stale within a transaction ---------------------------------------------------------
def _pending(connection) -> dict[str, set]:
    if not hasattr(connection, "_medk_stale_schools"):
        connection._medk_stale_schools = {"now": set(), "later": set(), "areas": set()}
    return connection._medk_stale_schools


def _flush(connection) -> None:
    """After a commit: refreshes the schools it touched (the first callback of the commit takes them all)."""
    pending = _pending(connection)
    now, later, areas = pending["now"], pending["later"] - pending["now"], pending["areas"]
    connection._medk_stale_schools = {"now": set(), "later": set(), "areas": set()}
    from ..tasks import indicator_states_refresh as task  # the tasks module imports this one

    if len(now) > IN_REQUEST_MAX:
        task.delay(sorted(now))  # an import: its request does not wait for thousands of schools
    elif now:
        indicator_states_refresh(school_ids=now)
    if areas:
        areas_refresh(areas=areas)
    now_at = time.monotonic()
    later = [pk for pk in later if _SCHEDULED_HERE.get(pk, 0) <= now_at]
    later = [pk for pk in later if cache.add(_DEFERRED_KEY.format(pk), 1, DEFERRED_SECONDS * 6)]
    if later:
        if len(_SCHEDULED_HERE) > 50_000:
            _SCHEDULED_HERE.clear()
        _SCHEDULED_HERE.update(dict.fromkeys(later, now_at + DEFERRED_SECONDS))
        task.apply_async(args=[later], kwargs={"deferred": True}, countdown=DEFERRED_SECONDS)


def forget_scheduled() -> None:
    """Forgets which refreshes this process scheduled (tests: each starts with none)."""
    _SCHEDULED_HERE.clear()


def deferred_done(school_ids: Iterable[int]) -> None:
    """The deferred refresh of these schools is running: later answers schedule a new one."""
    school_ids = list(school_ids)
    for pk in school_ids:
        _SCHEDULED_HERE.pop(pk, None)  # an eager task (tests, `make run`) runs at once, in this process
    cache.delete_many([_DEFERRED_KEY.format(pk) for pk in school_ids])


def schools_deleted(school_ids: Iterable[int]) -> None:
    """Called before schools are deleted (their read model rows go with them): the sums of the municipalities
    and regions they were in are recomputed once the transaction commits."""
    areas = set(
        SchoolIndicators.objects.filter(school_id__in=list(school_ids)).values_list(
            "year_id", "municipality_id", "region_id"
        )
    )
    if not areas:
        return
    connection = transaction.get_connection()
    _pending(connection)["areas"].update(areas)
    transaction.on_commit(lambda: _flush(connection), robust=True)


def schools_touched(school_ids: Iterable[int], *, deferred: bool = False) -> None:
    """Marks schools stale; they are refreshed once the current transaction commits (at once outside one).
    Schools marked in a transaction that rolls back are refreshed with the next commit (harmless)."""
    school_ids = {pk for pk in school_ids if pk is not None}
    if not school_ids:
        return
    connection = transaction.get_connection()
    _pending(connection)["later" if deferred else "now"].update(school_ids)
    transaction.on_commit(lambda: _flush(connection), robust=True)
