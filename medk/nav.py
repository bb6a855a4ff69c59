"""Navigation by role. Each installed app may contribute items from its own `nav.py` (`items(request)`)."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    order: int = 100


@cache
def app_modules(name: str) -> tuple:
    """`<app>.<name>` of every installed app that has one, in INSTALLED_APPS order (apps register by existing)."""
    found = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.{name}") is not None:
            found.append(import_module(f"{config.name}.{name}"))
    return tuple(found)


def nav_items(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    items: list[NavItem] = []
    for module in app_modules("nav"):
        items.extend(module.items(request))
    return sorted(items, key=lambda i: i.order)
