"""While Redis is down the cache fails open (rate limits pause, errors are logged) instead of breaking login."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from medk.lib.cache import TolerantRedisCache
from tests.conftest import PASSWORD

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}


def test_a_dead_redis_cache_misses_and_drops_writes_without_raising(caplog):
    dead = TolerantRedisCache(DEAD_REDIS, {"OPTIONS": OPTIONS})
    assert dead.get("k", "default") == "default"
    assert dead.add("k", 1) is True
    assert dead.incr("k") == 1
    assert dead.set("k", 1) is None
    assert dead.get_many(["a", "b"]) == {}
    assert dead.count_until_over([("a", 0), ("b", 0)], 60) is None  # the flood guard lets the answer through
    assert "Redis недоступен" in caplog.text


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "medk.lib.cache.TolerantRedisCache", "LOCATION": DEAD_REDIS, "OPTIONS": OPTIONS}
    }
    yield
    cache.close()


def test_people_can_still_sign_in_while_redis_is_down(cast, client, dead_cache):
    response = client.post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("schools:school_detail", args=[cast.school_a.pk])).status_code == 200
