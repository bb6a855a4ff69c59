"""The Redis cache, degraded rather than broken while Redis is down.

The cache only holds counters (allauth's login rate limits, the questionnaire flood guard, used TOTP codes):
when Redis is unreachable these fail OPEN — reads miss, writes are dropped, every failure is logged as an
error — so people can still sign in and answer questionnaires instead of getting a server error.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("medk.cache")
_DOWN = (RedisConnectionError, RedisTimeoutError)

# KEYS: counters in order; ARGV: the window in seconds, then each counter's ceiling. Counts a hit on each
# counter until one goes over its ceiling (the later ones are then not counted); returns its 1-based index or 0.
_COUNT_UNTIL_OVER = """
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if n > tonumber(ARGV[i + 1]) then return i end
end
return 0
"""


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


class _ReusedClient(RedisCacheClient):
    """Django builds a new redis-py client (with its table of ~170 response callbacks) on every cache call; a
    client is thread-safe and its pool checks the process id after a fork, so one per pool is kept."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient

    def clear(self) -> None:
        """Deletes this cache's keys only. Django's RedisCache.clear() flushes the whole Redis database, which here
        also holds Celery's queue (same REDIS_URL) and, in the parallel test suite, other processes' keys."""
        try:
            self._delete_own_keys()
        except _DOWN as exc:
            log.error("Redis недоступен (clear), кэш пропущен: %s", exc)

    def count_until_over(self, counters: list[tuple[str, int]], window: int) -> int | None:
        """One hit on each (key, ceiling) in order, stopping at the first counter over its ceiling: its index,
        or None. One round trip (a Lua script, atomic) instead of an add and an incr per counter."""
        keys = [self.make_and_validate_key(key) for key, _ceiling in counters]
        try:
            client = self._cache.get_client(keys[0], write=True)
            if self._count_script is None:
                self._count_script = client.register_script(_COUNT_UNTIL_OVER)
            over = self._count_script(keys=keys, args=[window, *(c for _k, c in counters)], client=client)
        except _DOWN as exc:
            log.error("Redis недоступен (count_until_over), кэш пропущен: %s", exc)
            return None
        return over - 1 if over else None

    _count_script = None

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
