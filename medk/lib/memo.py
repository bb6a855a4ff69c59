"""Values remembered for the length of one GET request (a GET never writes, so they cannot go stale).

Pages assembled from several apps' panels ask the same small questions many times (the current year,
whether a school takes part in it); each is answered once per request. Outside a request (tasks, shell,
tests calling services) nothing is remembered."""

from collections.abc import Callable, Hashable
from contextvars import ContextVar

_store: ContextVar[dict | None] = ContextVar("medk_request_memo", default=None)


def per_request[T](key: Hashable, compute: Callable[[], T]) -> T:
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def is_open() -> bool:
    return _store.get() is not None


def seed(key: Hashable, value) -> None:
    """Remembers a value read together with another one (one query answering two questions)."""
    store = _store.get()
    if store is not None:
        store.setdefault(key, value)


class RequestMemoMiddleware:
    """Opens the memo for GET/HEAD requests and drops it when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
