"""The risk profile computation (docs/risk-method.md), set-based.

One GROUP BY over the answer rows joined to the option→indicator weights gives, per school and
indicator, the sum of risk weights and the number of answered questions; one GROUP BY over the
responses gives the group sizes (the anonymity minimum). Python then only combines those
aggregated rows (schools × indicators), never the answer objects.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from medk.lib import bulk
from schools.models import Participation, ProjectYear

from .models import (
    Answer,
    DiagnosisRound,
    DiagnosisSettings,
    FinalRiskEntry,
    Indicator,
    OptionIndicator,
    ProfileEvent,
    Response,
    RiskDirection,
    RiskLevel,
    RiskProfile,
    RiskProfileEntry,
    ScoringMethod,
)

PUPIL_GROUPS = ("pupil6", "pupil9")


def current_method(year: ProjectYear) -> ScoringMethod:
    method = ScoringMethod.objects.filter(year=year, is_current=True).first()
    if method is None:
        method = ScoringMethod.objects.create(year=year, version=f"{year.year}.1")
    return method


def level_for(score: float | None, *, high: float, medium: float) -> str:
    """The risk level of a direction's score by the method's thresholds (`high_from`, `medium_from`)."""
    if score is None:
        return RiskLevel.NODATA
    if score >= high:
        return RiskLevel.HIGH
    if score >= medium:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def _entries_upsert(rows: list[tuple]) -> None:
    """Writes (profile, direction, score, level, indicators, digest) rows, inserting or updating.

    On PostgreSQL one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT per 10,000 rows, without building
    model instances (for a national year that is 30,000 rows, and instances cost more than the write);
    elsewhere the ORM's bulk upsert."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        RiskProfileEntry.objects.bulk_create(
            [
                RiskProfileEntry(
                    profile_id=pid,
                    direction_id=did,
                    score=None if score is None else Decimal(str(score)),
                    level=level,
                    indicators=json.loads(ind),
                    digest=digest,
                )
                for pid, did, score, level, ind, digest in rows
            ],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["profile", "direction"],
            update_fields=["score", "level", "indicators", "digest"],
        )
        return
    table = RiskProfileEntry._meta.db_table
    sql = (
        f"INSERT INTO {table} (profile_id, direction_id, score, level, indicators, digest, curator_comment) "  # noqa: S608
        "SELECT p, d, s, l, i::jsonb, g, '' FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[], %s::text[], "
        "%s::text[], %s::text[]) AS t(p, d, s, l, i, g) "
        "ON CONFLICT (profile_id, direction_id) DO UPDATE SET score = EXCLUDED.score, level = EXCLUDED.level, "
        "indicators = EXCLUDED.indicators, digest = EXCLUDED.digest"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10000):
            batch = rows[start : start + 10000]
            cursor.execute(
                sql,
                [
                    [r[0] for r in batch],
                    [r[1] for r in batch],
                    [r[2] for r in batch],
                    [r[3] for r in batch],
                    [r[4] for r in batch],  # already JSON text (indicators_json)
                    [r[5] for r in batch],
                ],
            )


def indicators_json(indicators: dict) -> str:
    """The entry's indicators as stored (JSON, keys sorted): dumped once, for the digest and the write."""
    return json.dumps(indicators, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_digest(score: float | None, level: str, indicators_text: str) -> str:
    raw = f"{score}|{level}|{indicators_text}"
    return hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def indicator_sums(
    *, year: ProjectYear, school_ids: list[int] | None = None, diagnosis: str = DiagnosisRound.FIRST
) -> list[tuple[int, int, float, float]]:
    """(school_id, indicator_id, sum of risk weights, answered questions) — one aggregate pass."""
    answer = Answer._meta.db_table
    weights = OptionIndicator._meta.db_table
    sql = (
        f"SELECT a.school_id, w.indicator_id, SUM(w.weight), SUM(a.share) "  # noqa: S608 — table names only
        f"FROM {answer} a JOIN {weights} w ON w.option_id = a.option_id "
        f"WHERE a.year_id = %s AND a.round = %s AND a.school_id IS NOT NULL"
    )
    params: list = [year.pk, str(diagnosis)]
    if school_ids is not None:
        if not school_ids:
            return []
        sql += f" AND a.school_id IN ({', '.join(['%s'] * len(school_ids))})"
        params += school_ids
    sql += " GROUP BY a.school_id, w.indicator_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _indicator_groups(year: ProjectYear) -> dict[int, frozenset[str]]:
    """Which respondent groups feed each indicator (pupil groups are pooled)."""
    rows = (
        OptionIndicator.objects.filter(indicator__year=year)
        .values_list("indicator_id", "option__question__questionnaire__group")
        .distinct()
    )
    result: dict[int, set[str]] = defaultdict(set)
    for indicator_id, group in rows:
        result[indicator_id].add(group)
    return {indicator_id: frozenset(groups) for indicator_id, groups in result.items()}


def group_counts(
    *, year: ProjectYear, school_ids: list[int] | None = None, diagnosis: str = DiagnosisRound.FIRST
) -> dict[int, dict[str, int]]:
    qs = Response.objects.filter(year=year, round=diagnosis, school__isnull=False)
    if school_ids is not None:
        qs = qs.filter(school_id__in=school_ids)
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for school_id, group, n in qs.values_list("school_id", "group").annotate(n=Count("id")).order_by():
        result[school_id][group] = n
    return result


def compute(
    *,
    year: ProjectYear,
    school_ids: list[int] | None = None,
    min_answers: int = 5,
    diagnosis: str = DiagnosisRound.FIRST,
    counts: dict[int, dict[str, int]] | None = None,
) -> dict[int, dict[int, tuple[float | None, dict[str, float | None]]]]:
    """{school_id: {direction_id: (score, {indicator code: value})}} for schools with answers of the round
    (`counts`: the round's group_counts of these schools, when the caller has read them already)."""
    indicators = {i.pk: i for i in Indicator.objects.filter(year=year)}
    weight_of = {i.code: float(i.weight) for i in indicators.values()}
    feeds = _indicator_groups(year)
    if counts is None:
        counts = group_counts(year=year, school_ids=school_ids, diagnosis=diagnosis)
    values: dict[int, dict[int, float | None]] = defaultdict(dict)
    respondents_of: dict[tuple[int, frozenset], int] = {}  # few distinct group sets: summed once per school
    for school_id, indicator_id, risk, answered in indicator_sums(
        year=year, school_ids=school_ids, diagnosis=diagnosis
    ):
        groups = feeds.get(indicator_id, frozenset())
        if (school_id, groups) not in respondents_of:
            by_group = counts.get(school_id, {})
            respondents_of[(school_id, groups)] = sum(by_group.get(g, 0) for g in groups)
        respondents = respondents_of[(school_id, groups)]
        # The director is one person by design; every other group needs the anonymity minimum.
        enough = groups == {"director"} or respondents >= min_answers
        values[school_id][indicator_id] = round(100 * risk / answered, 1) if enough and answered else None
    result = {}
    for school_id, by_indicator in values.items():
        per_direction: dict[int, dict[str, float | None]] = defaultdict(dict)
        for indicator_id, value in by_indicator.items():
            ind = indicators[indicator_id]
            per_direction[ind.direction_id][ind.code] = value
        scored = {}
        for direction_id, ind_values in per_direction.items():
            total = weight = 0.0
            for code, value in ind_values.items():
                if value is None:
                    continue
                w = weight_of[code]
                total += value * w
                weight += w
            scored[direction_id] = (round(total / weight, 1) if weight else None, ind_values)
        result[school_id] = scored
    return result


# Published profiles are frozen; imported ones are replaced only by another import.
_FROZEN = Q(published_at__isnull=False) | Q(source=RiskProfile.Source.IMPORTED)


def _targets(*, year: ProjectYear, school_ids: list[int] | None) -> tuple[list[int], set[int]]:
    """(participating schools whose profile may be computed, schools that already have a profile)."""
    participants = Participation.objects.filter(year=year)
    existing_qs = RiskProfile.objects.filter(year=year)
    if school_ids is not None:
        participants = participants.filter(school_id__in=school_ids)
        existing_qs = existing_qs.filter(school_id__in=school_ids)
    existing, skipped = set(), set()
    for sid, frozen in existing_qs.annotate(frozen=Case(When(_FROZEN, then=True), default=False)).values_list(
        "school_id", "frozen"
    ):
        existing.add(sid)
        if frozen:
            skipped.add(sid)
    return [sid for sid in participants.values_list("school_id", flat=True) if sid not in skipped], existing


def _entry_rows(*, profile_ids: dict[int, int], scores: dict, method: ScoringMethod) -> list[tuple]:
    """(profile, direction, score, level, indicators as JSON text, digest) for every profile × direction in use."""
    directions = list(RiskDirection.objects.filter(year=method.year_id, is_retired=False).values_list("pk", flat=True))
    high, medium = float(method.high_from), float(method.medium_from)
    rows = []
    for sid, profile_id in profile_ids.items():
        school_scores = scores.get(sid, {})
        for direction_id in directions:
            score, ind_values = school_scores.get(direction_id, (None, {}))
            level = level_for(score, high=high, medium=medium)
            text = indicators_json(ind_values)
            rows.append((profile_id, direction_id, score, level, text, entry_digest(score, level, text)))
    return rows


def _entries_write(rows: list[tuple], current: dict[tuple[int, int], str]) -> set[int]:
    """Writes the entries that are new (COPY: none of them exists, read in this transaction) or changed
    (an upsert); returns the profiles written to. A recompute over answers that did not move writes nothing."""
    new = [row for row in rows if (row[0], row[1]) not in current]
    changed = [row for row in rows if (row[0], row[1]) in current and current[(row[0], row[1])] != row[5]]
    if connection.vendor == "postgresql":
        fields = ["profile_id", "direction_id", "score", "level", "indicators", "digest", "curator_comment"]
        if new:  # every value is already what its column reads: ids, a float, the level, JSON text, the digest
            bulk.copy_rows(RiskProfileEntry, fields, (row + ("",) for row in new), as_is=fields)
        _entries_upsert(changed)
    else:
        _entries_upsert(new + changed)
    return {row[0] for row in new} | {row[0] for row in changed}


def _profiles_create(*, year: ProjectYear, school_ids: list[int], state: tuple, responses: dict, at) -> None:
    """New profiles by COPY (the schools were just read to have none); their ids are read back with the rest."""
    if not school_ids:
        return
    fields = ["school_id", "year_id", "method_version", "source", "responses", "computed_at"]
    bulk.copy_rows(
        RiskProfile,
        [*fields, "verification", "verification_comment"],
        [(sid, year.pk, *state, responses.get(sid, 0), at, RiskProfile.Verification.PENDING, "") for sid in school_ids],
    )


@transaction.atomic
def profiles_recompute(*, year: ProjectYear, school_ids: Iterable[int] | None = None, by=None) -> int:
    """Recomputes the unpublished profiles of participating schools (all, or the given ones).

    Published profiles are frozen (a school works from what it was shown), and so are imported
    ones (the federal coordinator loaded them on purpose). New profiles, entries and events go by COPY.
    """
    settings_obj, _ = DiagnosisSettings.objects.get_or_create(year=year)
    method = current_method(year)
    school_ids = None if school_ids is None else list(school_ids)
    target, existing = _targets(year=year, school_ids=school_ids)
    if not target:
        return 0
    some = None if school_ids is None else target
    counts = group_counts(year=year, school_ids=some)
    scores = compute(year=year, school_ids=some, min_answers=settings_obj.min_answers, counts=counts)
    responses = {sid: sum(by_group.values()) for sid, by_group in counts.items()}
    now = timezone.now()
    fresh = (method.version, RiskProfile.Source.COMPUTED)
    _profiles_create(
        year=year, school_ids=[sid for sid in target if sid not in existing], state=fresh, responses=responses, at=now
    )
    unpublished = RiskProfile.objects.filter(year=year).exclude(_FROZEN)
    if some is not None:
        unpublished = unpublished.filter(school_id__in=some)
    wanted = set(target)
    profiles = {
        sid: (pk, (version, source, n))
        for sid, pk, version, source, n in unpublished.values_list(
            "school_id", "pk", "method_version", "source", "responses"
        )
        if sid in wanted
    }
    profile_ids = {sid: pk for sid, (pk, _) in profiles.items()}
    current = _digests(year=year, profile_ids=set(profile_ids.values()), some=some) if existing & wanted else {}
    touched = _entries_write(_entry_rows(profile_ids=profile_ids, scores=scores, method=method), current)
    # A profile is touched (computed_at, method, response count) only when something in it moved.
    by_count: dict[int, list[int]] = defaultdict(list)
    for sid, (pk, state) in profiles.items():
        n = responses.get(sid, 0)
        if state == (*fresh, n) and (sid not in existing or pk not in touched):
            continue  # created just now with these values, or nothing in it moved
        by_count[n].append(pk)
    for n, pks in by_count.items():
        RiskProfile.objects.filter(pk__in=pks).update(
            method_version=method.version, source=fresh[1], computed_at=now, responses=n
        )
    note = f"методика {method.version}"
    by_id = by.pk if by is not None else None
    if touched:
        bulk.copy_rows(
            ProfileEvent,
            ["profile_id", "kind", "by_id", "at", "note"],
            [(pk, ProfileEvent.Kind.COMPUTED, by_id, now, note) for pk in sorted(touched)],
        )
    return len(profile_ids)


def _digests(*, year: ProjectYear, profile_ids: set[int], some: list[int] | None) -> dict[tuple[int, int], str]:
    """The stored digest of each entry of these profiles (the whole year's in one pass, without a list of ids)."""
    entries = RiskProfileEntry.objects.filter(profile__year=year)
    if some is not None:
        entries = entries.filter(profile__school_id__in=some)
    return {
        (pid, did): digest
        for pid, did, digest in entries.values_list("profile_id", "direction_id", "digest")
        if pid in profile_ids
    }


@transaction.atomic
def final_scores_recompute(*, year: ProjectYear, school_ids: Iterable[int] | None = None) -> int:
    """Computes the final diagnosis (the final round's answers, the same method and anonymity minimum) of the
    participating schools that have final-round answers, and stores it beside the profile. Returns the number
    of schools written; schools without final answers get nothing (their end of year stays «нет данных»)."""
    settings_obj, _ = DiagnosisSettings.objects.get_or_create(year=year)
    method = current_method(year)
    participants = Participation.objects.filter(year=year)
    if school_ids is not None:
        participants = participants.filter(school_id__in=list(school_ids))
    target = list(participants.values_list("school_id", flat=True))
    counts = group_counts(year=year, school_ids=target, diagnosis=DiagnosisRound.FINAL)
    scores = compute(
        year=year,
        school_ids=target,
        min_answers=settings_obj.min_answers,
        diagnosis=DiagnosisRound.FINAL,
        counts=counts,
    )
    directions = list(RiskDirection.objects.filter(year=year, is_retired=False))
    high, medium = float(method.high_from), float(method.medium_from)
    now = timezone.now()
    entries = []
    for school_id, by_direction in scores.items():
        responses = sum(counts.get(school_id, {}).values())
        for d in directions:
            score, ind_values = by_direction.get(d.pk, (None, {}))
            entries.append(
                FinalRiskEntry(
                    school_id=school_id,
                    year=year,
                    direction=d,
                    score=None if score is None else Decimal(str(score)),
                    level=level_for(score, high=high, medium=medium),
                    indicators=ind_values,
                    method_version=method.version,
                    responses=responses,
                    computed_at=now,
                )
            )
    FinalRiskEntry.objects.bulk_create(
        entries,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["school", "year", "direction"],
        update_fields=["score", "level", "indicators", "method_version", "responses", "computed_at"],
    )
    return len(scores)
