"""Load test: the five working roles at national scale, headless, against loopback only.

    .venv/bin/locust -f bench/locustfile.py --headless -u 40 -r 10 -t 60s --host http://127.0.0.1:8106 \\
        --csv /tmp/medk-bench --only-summary

Needs the data and sessions of bench/national.py ($BENCH_ACCOUNTS). The server runs with DEBUG=0 behind an
imagined TLS proxy, so every request says `X-Forwarded-Proto: https` and the Secure cookies are sent over
the loopback. Refuses any host other than 127.0.0.1/localhost/[::1].
"""

import json
import os
import random
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

ACCOUNTS_FILE = os.environ.get("BENCH_ACCOUNTS", "/tmp/medk-bench-accounts.json")  # noqa: S108
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_accounts: dict = {}


@events.init.add_listener
def _loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"Нагрузочный тест запускается только на петлевом адресе, а не на {environment.host!r}")
    with open(ACCOUNTS_FILE, encoding="utf-8") as f:
        _accounts.update(json.load(f))


class Portal(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.account = random.choice(_accounts[self.role])
        host = urlparse(self.host).hostname
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "ru"})
        self.client.cookies.set("sessionid", self.account["session"], domain=host)

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")


class Federal(Portal):
    role = "federal"
    weight = 1

    @task(3)
    def dashboard(self):
        self.page("/monitoring/dashboard/")

    @task(2)
    def region(self):
        self.page(f"/monitoring/dashboard/region/{self.account['region']}/", "/monitoring/dashboard/region/[id]/")

    @task(2)
    def school_search(self):
        self.page(f"/schools/?q=Школа+№+{random.randint(1, 3000)}", "/schools/?q=[name]")

    @task(1)
    def cabinet(self):
        self.page("/")

    @task(1)
    def audit(self):
        self.page("/audit/")


class Regional(Portal):
    role = "regional"
    weight = 2

    @task(3)
    def dashboard(self):
        self.page(f"/monitoring/dashboard/region/{self.account['region']}/", "/monitoring/dashboard/region/[id]/")

    @task(2)
    def region(self):
        self.page(f"/schools/regions/{self.account['region']}/", "/schools/regions/[id]/")

    @task(1)
    def schools(self):
        self.page("/schools/")

    @task(1)
    def cabinet(self):
        self.page("/")


class Municipal(Portal):
    role = "municipal"
    weight = 2

    @task(3)
    def municipality(self):
        self.page(f"/schools/municipalities/{self.account['municipality']}/", "/schools/municipalities/[id]/")

    @task(2)
    def dashboard(self):
        mid = self.account["municipality"]
        self.page(f"/monitoring/dashboard/municipality/{mid}/", "/monitoring/dashboard/municipality/[id]/")

    @task(1)
    def cabinet(self):
        self.page("/")


class Curator(Portal):
    role = "curator"
    weight = 3

    @task(3)
    def school(self):
        self.page(f"/schools/{self.account['school']}/", "/schools/[id]/")

    @task(2)
    def review(self):
        self.page("/roadmaps/review/")

    @task(1)
    def cabinet(self):
        self.page("/")


class Director(Portal):
    role = "director"
    weight = 4

    @task(3)
    def school(self):
        self.page(f"/schools/{self.account['school']}/", "/schools/[id]/")

    @task(2)
    def documents(self):
        self.page(f"/roadmaps/schools/{self.account['school']}/documents/", "/roadmaps/schools/[id]/documents/")

    @task(2)
    def roadmap(self):
        self.page(f"/roadmaps/schools/{self.account['school']}/roadmap/", "/roadmaps/schools/[id]/roadmap/")

    @task(1)
    def diagnosis(self):
        self.page(f"/surveys/school/{self.account['school']}/", "/surveys/school/[id]/")
