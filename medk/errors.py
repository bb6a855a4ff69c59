"""The portal's error pages, in Russian and in its layout (medk/urls.py names them as Django's handlers).

403, 404, 400, 410 and 429 render inside base.html (menu and all): the database works then. 500 renders
`errors/500.html`, which extends nothing and is rendered without the request's context processors, so a
broken database or a failing menu cannot break the page that reports the failure.
"""

import logging
import re

from django.http import HttpRequest, HttpResponse
from django.template import loader

log = logging.getLogger(__name__)

_STALE = "Страница устарела: её открыли давно или вы вышли из системы. Обновите страницу и повторите действие."
_RUSSIAN = re.compile(r"[А-Яа-яЁё]")


def _reason(exception) -> str:
    """A message raised by our own code («Отчёт ещё не готов») is shown; Django's English internals are not."""
    args = getattr(exception, "args", None) or ("",)
    text = args[0] if isinstance(args[0], str) else ""
    return text if _RUSSIAN.search(text) else ""


def _render(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    try:
        body = loader.render_to_string(f"errors/{status}.html", {"reason": reason, "status": status}, request)
    except Exception:  # the page that explains a failure must not fail itself: fall back to the bare one
        log.exception("error page %s failed to render", status)
        return server_error(request, status=status)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, 403, _reason(exception))


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _render(request, 404, _reason(exception))


def gone(request: HttpRequest, reason: str = "") -> HttpResponse:
    """For a page that existed and will not come back (a closed questionnaire, a withdrawn link)."""
    return _render(request, 410, reason)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    """allauth's rate limits answer through `handler429` of the root URLconf."""
    return _render(request, 429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: usually an old tab whose session has ended."""
    return _render(request, 403, _STALE)


def server_error(request: HttpRequest | None = None, status: int = 500) -> HttpResponse:
    # No request context: context processors (the menu, the user) may be what failed.
    body = loader.get_template("errors/500.html").render({"status": status})
    return HttpResponse(body, status=status)
