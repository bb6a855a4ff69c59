"""Navigation by role. Each installed app may contribute items from its own `nav.py` (`items(request)`).

An item may name a `group`. When a person has many items (the administrator, the federal coordinator),
grouped items fold into keyboard-accessible drop-down groups; items without a group (the cabinet, a
school's own sections) always stay on the top level.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

# Group titles in the menu's order.
GROUPS = ("Школы", "Мониторинг", "Поддержка", "Настройки")
MAX_FLAT = 9  # up to this many items, the menu stays one flat row


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    order: int = 100
    group: str = ""


@dataclass
class NavGroup:
    title: str
    items: list[NavItem] = field(default_factory=list)
    order: int = 100
    current: bool = False  # the page shown is one of its items


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


def nav_tree(items: list[NavItem], path: str = "") -> list[NavItem | NavGroup]:
    """The menu as shown: flat when short, else grouped items folded into groups (a group of one stays flat)."""
    if len(items) <= MAX_FLAT:
        return list(items)
    groups: dict[str, NavGroup] = {}
    for item in items:
        if item.group:
            group = groups.setdefault(item.group, NavGroup(item.group, order=item.order))
            group.items.append(item)
            group.order = min(group.order, item.order)
            group.current = group.current or item.url == path
    entries: list[NavItem | NavGroup] = [i for i in items if not i.group or len(groups[i.group].items) == 1]
    entries += [g for g in groups.values() if len(g.items) > 1]
    return sorted(entries, key=lambda e: e.order)
