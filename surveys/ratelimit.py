"""Flood guard for the public questionnaire: counters in the Django cache.

A whole school often answers from one NAT address, so the per-address ceiling is high; the tight
limit is per browser (a random cookie set when the form is shown). A client without the cookie
(a script, not a browser that opened the form) falls under a stricter per-address limit.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from medk.lib import net

COOKIE = "medk_respondent"


@dataclass(frozen=True)
class Limits:
    window: int = 600  # seconds
    per_browser: int = 5  # questionnaires per browser per window
    per_address: int = 400  # per IP address per window (a school's NAT)
    per_address_without_cookie: int = 20


def limits() -> Limits:
    return Limits(**getattr(settings, "SURVEYS_RATE_LIMITS", {}))


def client_address(request) -> str:
    # The respondent behind our trusted proxies, not the proxy's address (which would share one cap nationwide).
    return net.client_ip(request) or "unknown"


def browser_id(request) -> str | None:
    value = request.COOKIES.get(COOKIE, "")
    return value if 16 <= len(value) <= 64 and value.isalnum() else None


def new_browser_id() -> str:
    return secrets.token_hex(16)


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def check(request) -> str | None:
    """Counts one submission; returns a Russian message when the client is over a limit."""
    lim = limits()
    address = client_address(request)
    browser = browser_id(request)
    if browser is None:
        if _hit(f"surveys:rl:nocookie:{address}", lim.window) > lim.per_address_without_cookie:
            return "Слишком много анкет без открытия формы с этого адреса. Откройте анкету заново и попробуйте позже."
    elif _hit(f"surveys:rl:browser:{browser}", lim.window) > lim.per_browser:
        return "С этого устройства только что отправлено несколько анкет. Попробуйте через 10 минут."
    if _hit(f"surveys:rl:addr:{address}", lim.window) > lim.per_address:
        return "С этого адреса сейчас отправляется слишком много анкет. Попробуйте через несколько минут."
    return None
