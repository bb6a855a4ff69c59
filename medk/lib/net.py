"""The client's address, the same for login limits (allauth), the audit trail and the survey flood guard.

Behind the TLS proxy the README prescribes, REMOTE_ADDR is the proxy's address for everyone. The proxy
appends the address it saw to `X-Forwarded-For`; with `TRUSTED_PROXY_COUNT` proxies of ours in front, the
client is the entry that many places from the right (anything further left was written by the client and
can be forged). Alternatively `TRUSTED_CLIENT_IP_HEADER` names a header our proxy sets (nginx `X-Real-IP`).
A request without the expected header did not come through the proxy: its own REMOTE_ADDR is used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of whoever sent the request, as far as our own proxies can vouch for it."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", None)
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = None
    if header:
        forwarded = request.headers.get(header)
    elif count > 0:
        hops = [h for h in (request.headers.get("X-Forwarded-For") or "").split(",") if h.strip()]
        if len(hops) >= count:
            forwarded = hops[-count]
    return _clean(forwarded) or _clean(request.META.get("REMOTE_ADDR"))
