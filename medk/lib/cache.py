"""The Redis cache, degraded rather than broken while Redis is down.

The cache holds counters (allauth's login rate limits, the questionnaire flood guard, used TOTP codes) and copies
of the sessions (`cached_db`: the database holds them all): when Redis is unreachable these fail OPEN — reads
miss, writes are dropped, every failure is logged as an error — so people can still sign in (sessions are read
from the database) and answer questionnaires instead of getting a server error.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("medk.cache")
_DOWN = (RedisConnectionError, RedisTimeoutError)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _DOWN as exc:
            log.error("Redis недоступен (%s), кэш пропущен: %s", name, exc)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = name
    return wrapper


class TolerantRedisCache(RedisCache):
    def clear(self) -> None:
        """Deletes this cache's keys only. Django's RedisCache.clear() flushes the whole Redis database, which here
        also holds Celery's queue (same REDIS_URL) and, in the parallel test suite, other processes' keys."""
        try:
            self._delete_own_keys()
        except _DOWN as exc:
            log.error("Redis недоступен (clear), кэш пропущен: %s", exc)

    def own_keys(self) -> list:
        return list(self._cache.get_client(None).scan_iter(match=f"{self.key_prefix}:*", count=500))

    def _delete_own_keys(self) -> None:
        client = self._cache.get_client(None, write=True)
        batch: list = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)

    get = _tolerant("get", lambda key, default=None, *a, **k: default)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", [])
    add = _tolerant("add", True)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    incr = _tolerant("incr", lambda key, delta=1, *a, **k: delta)
