"""Navigation by role. Each app contributes items from its own `nav.py` (`items(request)`)."""

from dataclasses import dataclass
from importlib import import_module

APPS_WITH_NAV = ("schools", "surveys", "roadmaps", "monitoring", "audit")


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    order: int = 100


def nav_items(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    items: list[NavItem] = []
    for app in APPS_WITH_NAV:
        try:
            module = import_module(f"{app}.nav")
        except ModuleNotFoundError:
            continue
        items.extend(module.items(request))
    return sorted(items, key=lambda i: i.order)
