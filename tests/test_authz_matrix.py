import importlib
import pkgutil

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests

from .authz import LOGIN, ROLES, Row
from .conftest import login, writes_in

# Third-party URL sets with their own access rules (allauth, the Django admin).
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_PREFIXES = ("account_", "mfa_", "socialaccount_", "djdt")


def _collect_rows() -> list[Row]:
    rows: list[Row] = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".authz_rows"):
            rows.extend(importlib.import_module(module.name).ROWS)
    return rows


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            names |= _url_names(p, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name and not p.name.startswith(EXCLUDED_PREFIXES):
            names.add(f"{namespace}{p.name}")
    return names


ROWS = _collect_rows()


def test_every_view_has_a_row_in_the_authorization_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(_url_names(get_resolver()) - covered)
    assert not missing, f"Views without an authorization-matrix row: {missing}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_authorization_matrix(row: Row, role: str, cast, db):
    url = reverse(row.url_name, kwargs=row.kwargs(cast))
    if row.query:
        url = f"{url}?{row.query}"
    if role == "anonymous":
        from django.test import Client

        client = Client()
    else:
        client = login(getattr(cast, role))
    data = row.data(cast) if row.data else {}
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, row.method)(url, data)
    if row.method == "get":
        assert not writes_in(captured.captured_queries), (
            f"{role} GET {url} wrote: {writes_in(captured.captured_queries)}"
        )
    expected = row.expected(role)
    if expected == LOGIN:
        assert response.status_code == 302, f"{role}: {response.status_code}"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
    else:
        assert response.status_code == expected, f"{role} {url}: got {response.status_code}, expected {expected}"
