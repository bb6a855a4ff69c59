"""Flood guard for the public questionnaire: counters in the Django cache.

A whole school often answers from one NAT address, so the per-address ceiling is high; the tight
limit is per browser. The browser identity is issued by the server when the form is shown and signed
(a value the client makes up is no identity at all), and a client can collect only so many fresh
identities per address. A client without a valid identity (a script, not a browser that opened the
form) falls under a stricter per-address limit. Each school's link has its own ceiling as well, so no
number of addresses and browsers can pour more than that into one school's results.

The short code lookup (`/surveys/r/?code=`) is limited too; see `code_lookup_blocked`.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from medk.lib import net

COOKIE = "medk_respondent"
SALT = "surveys.respondent"
_COOKIE_MAX_AGE = 30 * 24 * 3600


@dataclass(frozen=True)
class Limits:
    window: int = 600  # seconds
    per_browser: int = 5  # questionnaires per browser per window
    per_address: int = 400  # per IP address per window (a school's NAT)
    per_address_without_cookie: int = 20
    new_browsers_per_address: int = 150  # fresh identities handed out per address per window
    per_link: int = 150  # questionnaires per school link (school × group) per window: ~6 classes at once
    # Wrong codes per address per window. The arithmetic: codes are 8 characters of 32 (32**8 ≈ 1.1e12;
    # older 6-character codes: 32**6 ≈ 1.1e9). With ~12,000 links nationally (3,000 schools × 4 groups),
    # one guess hits with p ≈ 1.1e-8 (old codes: 1.1e-5). Unlimited, 150 guesses/s found an old code
    # every ~10 minutes; at 30 wrong guesses per 10 minutes an address needs ~60 years for an 8-character
    # code (~20 days for an old one), and even 1,000 addresses need ~20 days for a new code.
    code_failures_per_address: int = 30


def limits() -> Limits:
    return Limits(**getattr(settings, "SURVEYS_RATE_LIMITS", {}))


def client_address(request) -> str:
    # The respondent behind our trusted proxies, not the proxy's address (which would share one cap nationwide).
    return net.client_ip(request) or "unknown"


def browser_id(request) -> str | None:
    """The identity this server issued to the browser; None for a missing, made-up or tampered cookie."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_COOKIE_MAX_AGE)
    return value if value and 16 <= len(value) <= 64 and value.isalnum() else None


def new_browser_id() -> str:
    return secrets.token_hex(16)


def browser_id_issue(request, response) -> None:
    """Gives a browser without an identity a new signed one, unless its address has collected too many."""
    if browser_id(request) is not None:
        return
    lim = limits()
    if _hit(f"surveys:rl:issued:{client_address(request)}", lim.window) > lim.new_browsers_per_address:
        return  # its answers then fall under the stricter limit for clients without an identity
    response.set_signed_cookie(
        COOKIE,
        new_browser_id(),
        salt=SALT,
        max_age=_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _first_over(counters: list[tuple[str, int]], window: int) -> int | None:
    """Counts a hit on each (key, ceiling) in order until one is over: its index, or None. On Redis one round
    trip; a counter after the one that refused is not counted (a refused client spends no one else's budget)."""
    if hasattr(cache, "count_until_over"):  # medk.lib.cache.TolerantRedisCache
        return cache.count_until_over(counters, window)
    for i, (key, ceiling) in enumerate(counters):
        if _hit(key, window) > ceiling:
            return i
    return None


def check(request, *, link_token: str | None = None) -> str | None:
    """Counts one submission; returns a Russian message when the client (or the link) is over a limit."""
    lim = limits()
    address = client_address(request)
    browser = browser_id(request)
    if browser is None:
        counters = [
            (
                f"surveys:rl:nocookie:{address}",
                lim.per_address_without_cookie,
                "Слишком много анкет без открытия формы с этого адреса. Откройте анкету заново и попробуйте позже.",
            )
        ]
    else:
        counters = [
            (
                f"surveys:rl:browser:{browser}",
                lim.per_browser,
                "С этого устройства только что отправлено несколько анкет. Попробуйте через 10 минут.",
            )
        ]
    counters.append(
        (
            f"surveys:rl:addr:{address}",
            lim.per_address,
            "С этого адреса сейчас отправляется слишком много анкет. Попробуйте через несколько минут.",
        )
    )
    if link_token is not None:
        counters.append(
            (
                f"surveys:rl:link:{link_token}",
                lim.per_link,
                "По этой анкете школы сейчас отправляется слишком много ответов. Попробуйте через несколько минут.",
            )
        )
    over = _first_over([(key, ceiling) for key, ceiling, _message in counters], lim.window)
    return None if over is None else counters[over][2]


def code_lookup_blocked(request) -> bool:
    """True while the address has typed too many wrong codes (it is then not even told whether a code exists)."""
    lim = limits()
    return (cache.get(f"surveys:rl:codefail:{client_address(request)}") or 0) >= lim.code_failures_per_address


def code_lookup_failed(request) -> None:
    _hit(f"surveys:rl:codefail:{client_address(request)}", limits().window)
