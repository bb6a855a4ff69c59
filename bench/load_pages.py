"""What each role opens in the load test, and how often: one table for bench/locustfile.py (the load) and
bench/pages.py (the same pages one at a time: server time and SQL queries).

A role is (its share of the virtual users, its pages); a page is (its weight within the role, its address).
`{school}`, `{region}`, `{municipality}` come from the role's account, `{n}` is a random school number. The
name locust reports a page under is its address with `[...]` for each of them, so the summary has one line
per page, not one per school.
"""

import re

ROLES: dict[str, tuple[int, list[tuple[int, str]]]] = {
    # the federal coordinator: the country, a region, finding a school, the journal
    "federal": (
        1,
        [
            (3, "/monitoring/dashboard/"),
            (2, "/monitoring/dashboard/region/{region}/"),
            (2, "/schools/?q=Школа+№+{n}"),
            (2, "/"),
            (1, "/monitoring/plans/"),
            (1, "/notifications/"),
            (1, "/audit/"),
        ],
    ),
    # a regional coordinator: the region's dashboard and page, its schools, overdue visits
    "regional": (
        2,
        [
            (3, "/monitoring/dashboard/region/{region}/"),
            (2, "/"),
            (2, "/schools/regions/{region}/"),
            (1, "/schools/"),
            (1, "/curators/regions/{region}/visits/"),
            (1, "/notifications/"),
        ],
    ),
    # a municipal coordinator: the municipality, its dashboard, the schools' reports and overdue visits
    "municipal": (
        2,
        [
            (3, "/schools/municipalities/{municipality}/"),
            (2, "/monitoring/dashboard/municipality/{municipality}/"),
            (2, "/"),
            (1, "/monitoring/municipalities/{municipality}/roadmap-reports/"),
            (1, "/curators/municipalities/{municipality}/visits/"),
            (1, "/notifications/"),
        ],
    ),
    # a curator: today's work, a school, the documents waiting for review, visits
    "curator": (
        3,
        [
            (3, "/"),
            (3, "/schools/{school}/"),
            (2, "/roadmaps/review/"),
            (1, "/roadmaps/schools/{school}/documents/"),
            (1, "/curators/schools/{school}/visits/"),
            (1, "/notifications/"),
        ],
    ),
    # a director: what to do now, the school, its documents, roadmap, diagnosis, monitoring, visits
    "director": (
        4,
        [
            (3, "/"),
            (3, "/schools/{school}/"),
            (2, "/roadmaps/schools/{school}/documents/"),
            (2, "/roadmaps/schools/{school}/roadmap/"),
            (1, "/surveys/school/{school}/"),
            (1, "/monitoring/schools/{school}/monitoring/"),
            (1, "/curators/schools/{school}/visits/"),
            (1, "/notifications/"),
        ],
    ),
}


def page_name(address: str) -> str:
    """The name a page is reported under: `/schools/{school}/` → `/schools/[school]/`."""
    return re.sub(r"\{(\w+)\}", r"[\1]", address)
