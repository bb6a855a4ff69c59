"""No page a home-region user can open ever names the school of another region.

Walks every row of the authorization matrix (every app's views, present and future) that a home-region role may
open with GET, plus every URL without parameters, and looks for the foreign school in the page — or, for an
.xlsx download, in its cells.
"""

import contextlib
import io
import zipfile

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from audit import services as audit_services
from tests.conftest import login
from tests.test_authz_matrix import ROWS

HOME_ROLES = ("regional", "municipal", "curator", "director", "delegate")
FOREIGN_MARK = "Чужая"  # the foreign school is «МОУ «Чужая СОШ»»
SKIP_PREFIXES = ("account_", "mfa_")


def _parameterless_urls() -> list[str]:
    urls: list[str] = []

    def walk(resolver: URLResolver, ns: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and not p.name.startswith(SKIP_PREFIXES):
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse(f"{ns}{p.name}"))

    walk(get_resolver(), "")
    return sorted(set(urls))


def _text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    if kind.startswith(("text/", "application/json")):
        return content.decode("utf-8", "replace")
    return ""  # PDFs and other binaries: their text is not searchable here


def _pages_for(role: str, cast) -> list[str]:
    pages = set(_parameterless_urls())
    for row in ROWS:
        if row.method != "get" or row.expect.get(role if role != "delegate" else "director") != 200:
            continue
        # Rows build their objects in kwargs(); two rows may build the same one, so each gets a savepoint.
        try:
            with transaction.atomic():
                url = reverse(row.url_name, kwargs=row.kwargs(cast))
        except Exception:  # noqa: BLE001 — a row whose object cannot be built twice: skip it
            continue
        pages.add(f"{url}?{row.query}" if row.query else url)
    return sorted(pages)


@pytest.mark.parametrize("role", HOME_ROLES)
def test_no_page_of_a_home_region_user_names_a_foreign_school(cast, role):
    # Give the foreign school some activity, so that lists and logs have something to leak.
    audit_services.record(actor=cast.outsider, action="document_download", obj=cast.foreign_school)
    client = login(getattr(cast, role))
    checked = []
    for url in _pages_for(role, cast):
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked.append(url)
        assert FOREIGN_MARK not in _text_of(response), f"{role} видит чужую школу на {url}"
    assert checked, "ни одной страницы не проверено"
