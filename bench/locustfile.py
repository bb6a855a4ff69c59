"""Load test: the five working roles at national scale, headless, against loopback only.

    .venv/bin/locust -f bench/locustfile.py --headless -u 40 -r 10 -t 60s --host http://127.0.0.1:8106 \\
        --csv /tmp/medk-bench --only-summary

Which pages each role opens, and how often, is the table in bench/load_pages.py; each page is reported under
one name (`/schools/[school]/`), so the summary gives each page's percentiles. Needs the data and sessions of
bench/national.py ($BENCH_ACCOUNTS). The server runs with DEBUG=0 behind an imagined TLS proxy, so every
request says `X-Forwarded-Proto: https` and the Secure cookies are sent over the loopback. Refuses any host
other than 127.0.0.1/localhost/[::1].
"""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlparse

from locust import FastHttpUser, between, events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import ROLES, page_name  # noqa: E402

ACCOUNTS_FILE = os.environ.get("BENCH_ACCOUNTS", "/tmp/medk-bench-accounts.json")  # noqa: S108
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SCHOOL_NUMBERS = 3000  # «Школа № n» for the search
_accounts: dict = {}


@events.init.add_listener
def _loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"Нагрузочный тест запускается только на петлевом адресе, а не на {environment.host!r}")
    with open(ACCOUNTS_FILE, encoding="utf-8") as f:
        _accounts.update(json.load(f))


class Portal(FastHttpUser):
    """geventhttpclient rather than python-requests: the load generator shares the server's two cores, and
    FastHttpUser spends several times less of them per request."""

    abstract = True
    role = ""
    wait_time = between(1, 3)
    default_headers = {"X-Forwarded-Proto": "https", "Accept-Language": "ru"}

    def on_start(self) -> None:
        self.account = random.choice(_accounts[self.role])
        self.cookie = {"Cookie": f"sessionid={self.account['session']}"}

    def page(self, address: str) -> None:
        path = address.format(**self.account, n=random.randint(1, SCHOOL_NUMBERS))
        with self.client.get(
            path, name=page_name(address), headers=self.cookie, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")


def _task(address: str):
    def task(user: Portal) -> None:
        user.page(address)

    task.__name__ = page_name(address)
    return task


# One user class per role (Federal, Regional, …), with the weights of bench/load_pages.py.
for _role, (_weight, _pages) in ROLES.items():
    globals()[_role.title()] = type(
        _role.title(),
        (Portal,),
        {"role": _role, "weight": _weight, "tasks": {_task(address): w for w, address in _pages}},
    )
