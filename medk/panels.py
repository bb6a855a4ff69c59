"""Sections that apps add to shared pages without the owning app knowing them.

An app may define in its own `panels.py`:
- `school_panel(request, school, caps) -> str | None` — HTML shown on the school page;
- `home_panel(request) -> str | None` — HTML shown in the personal cabinet.
Each returns rendered HTML (from its own template) or None when it has nothing to show.
"""

from django.utils.safestring import SafeString, mark_safe

from .nav import app_modules


def _collect(hook: str, *args) -> list[SafeString]:
    result = []
    for module in app_modules("panels"):
        fn = getattr(module, hook, None)
        html = fn(*args) if fn else None
        if html:
            result.append(mark_safe(html))  # noqa: S308 — rendered by the app's own autoescaped template
    return result


def school_panels(request, school, caps) -> list[SafeString]:
    return _collect("school_panel", request, school, caps)


def home_panels(request) -> list[SafeString]:
    return _collect("home_panel", request)
