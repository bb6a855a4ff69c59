"""The authorization matrix: role × own/foreign object → expected status, for every view.

Each app lists its rows in `tests/<app>/authz_rows.py` as `ROWS`. `test_authz_matrix.py` walks every
URL pattern of the project and fails when a named view has no row, then requests each row as each role.

Expected values: an HTTP status, or LOGIN for a redirect to the login page. Roles not listed in a row
default to the row's `default` (404 for outsiders unless said otherwise).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
ROLES = ("anonymous", "outsider", "director", "curator", "municipal", "regional", "federal", "admin")


@dataclass
class Row:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable = field(default=lambda cast: {})
    method: str = "get"
    data: Callable | None = None
    query: str = ""
    default: int | str | None = None

    def expected(self, role: str) -> int | str:
        if role in self.expect:
            return self.expect[role]
        if role == "anonymous":
            return LOGIN
        if self.default is None:
            raise KeyError(f"{self.url_name}: no expectation for role {role}")
        return self.default

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"


def allow(*roles: str, status: int | str = 200, others: int | str = 404) -> dict[str, int | str]:
    """`roles` get `status`, every other signed-in role gets `others`; anonymous → LOGIN."""
    return {r: (status if r in roles else others) for r in ROLES if r != "anonymous"}


EVERYONE = ("outsider", "director", "curator", "municipal", "regional", "federal", "admin")
