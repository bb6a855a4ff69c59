"""Behind the TLS proxy every request comes from the proxy's address; limits and the audit trail must use the
client's address from X-Forwarded-For, as far as our trusted proxies vouch for it (issue 16, item 3)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from medk.lib import net
from surveys import ratelimit
from tests.conftest import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = None
    cache.clear()
    yield
    cache.clear()


def via_proxy(address: str) -> Client:
    # What nginx with `proxy_add_x_forwarded_for` sends to gunicorn for a client at `address`.
    return Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": address})


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_the_client_is_the_address_our_proxy_appended_not_what_the_client_wrote(behind_proxy):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.9"})
    assert net.client_ip(request) == "198.51.100.9"


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", headers={"X-Forwarded-For": "1.2.3.4"})
    assert net.client_ip(request) == "203.0.113.5"


def test_a_header_set_by_the_proxy_can_name_the_client_instead(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, headers={"X-Real-IP": "198.51.100.20"})
    assert net.client_ip(request) == "198.51.100.20"


def test_a_request_that_bypassed_the_proxy_is_counted_by_its_own_address(behind_proxy):
    assert net.client_ip(RequestFactory().get("/", REMOTE_ADDR="203.0.113.6")) == "203.0.113.6"


def test_one_client_guessing_passwords_does_not_lock_out_everyone_behind_the_proxy(cast, behind_proxy):
    attacker = via_proxy("198.51.100.1")
    for n in range(10):
        attacker.post(reverse("account_login"), {"login": f"nobody{n}@example.ru", "password": "wrong"})
    # The attacker's own address is now locked ...
    attacker.post(reverse("account_login"), {"login": cast.curator.email, "password": PASSWORD})
    assert not logged_in(attacker)
    # ... while another school's director behind the same proxy logs in.
    director = via_proxy("198.51.100.2")
    director.post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    assert logged_in(director)


def test_failures_on_one_account_lock_that_account_whatever_the_address(cast, behind_proxy):
    for n in range(5):
        via_proxy(f"198.51.100.{10 + n}").post(
            reverse("account_login"), {"login": cast.director.email, "password": "wrong"}
        )
    client = via_proxy("198.51.100.99")
    client.post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    assert not logged_in(client)
    other = via_proxy("198.51.100.99")
    other.post(reverse("account_login"), {"login": cast.curator.email, "password": PASSWORD})
    assert logged_in(other)


def test_the_audit_trail_records_the_clients_address_not_the_proxys(cast, behind_proxy):
    via_proxy("198.51.100.3").post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    via_proxy("198.51.100.4").post(reverse("account_login"), {"login": cast.curator.email, "password": "wrong"})
    assert AuditEvent.objects.get(action="login", actor=cast.director).ip == "198.51.100.3"
    assert AuditEvent.objects.get(action="login_failed", actor=cast.curator).ip == "198.51.100.4"


def test_the_survey_address_cap_is_per_client_not_per_proxy(behind_proxy, settings):
    settings.SURVEYS_RATE_LIMITS = {"per_address": 3, "per_address_without_cookie": 3}
    factory = RequestFactory()

    def submit(address: str) -> str | None:
        return ratelimit.check(factory.post("/", REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": address}))

    assert [submit("198.51.100.5") for _ in range(4)][-1] is not None  # this school hit its cap
    assert submit("198.51.100.6") is None  # another school is not affected
