"""Control indicators of the year (domain.md §3), computed live from the data — never typed in.

- `definitions`: the list of indicators, their states, values and deadlines;
- `sources`: one SQL expression per school indicator and the set-based computations built on them;
- `regions`: the region-level facts (plan-graph, people at the events, candidates) and the daily snapshots;
- `watches`: the rows each indicator reads (what keeps the dashboards' read model fresh).

Callers import this package (`from monitoring.services import indicators as ind`) and use the names below.
"""

from .definitions import (
    AT_RISK,
    AT_RISK_DAYS,
    AT_RISK_SHARE,
    BY_CODE,
    DONE,
    INDICATORS,
    MISSED,
    NO_DATA,
    ON_TRACK,
    REGION,
    SCHOOL,
    SCHOOL_INDICATORS,
    STATE_BADGES,
    STATE_LABELS,
    Deadlines,
    Indicator,
    Value,
    deadlines_for,
    make_value,
    state_for,
    sum_counts,
    today,
    values_for_group,
)
from .regions import candidate_facts, participation_facts, region_facts, snapshots_record
from .sources import (
    SOURCES,
    available_codes,
    grouped_counts,
    participating_schools,
    school_expressions,
    school_flags,
)
from .watches import WATCHES, WATCHES_ALWAYS

__all__ = [
    "AT_RISK",
    "AT_RISK_DAYS",
    "AT_RISK_SHARE",
    "BY_CODE",
    "DONE",
    "INDICATORS",
    "MISSED",
    "NO_DATA",
    "ON_TRACK",
    "REGION",
    "SCHOOL",
    "SCHOOL_INDICATORS",
    "SOURCES",
    "STATE_BADGES",
    "STATE_LABELS",
    "WATCHES",
    "WATCHES_ALWAYS",
    "Deadlines",
    "Indicator",
    "Value",
    "available_codes",
    "candidate_facts",
    "deadlines_for",
    "grouped_counts",
    "make_value",
    "participating_schools",
    "participation_facts",
    "region_facts",
    "school_expressions",
    "school_flags",
    "snapshots_record",
    "state_for",
    "sum_counts",
    "today",
    "values_for_group",
]
