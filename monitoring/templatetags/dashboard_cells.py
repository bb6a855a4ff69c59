"""Table cells of the dashboards built in Python: a page shows up to 100 rows × 10 indicators, and a cell as
template nodes costs more than the rest of the page."""

import functools

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

register = template.Library()

_SHORTFALL = {"missed": ", срок пропущен", "at_risk": ", под угрозой"}


def _safe(parts: list[str]) -> str:
    return mark_safe("".join(parts))  # noqa: S308 — every dynamic part above is escaped or a number


@register.simple_tag
def school_cells(values) -> str:
    """A school's row: done / not yet (with the deadline's state) / no data."""
    parts = []
    for v in values:
        if not v.has_data:
            parts.append('<td>—<span class="visually-hidden"> нет данных</span></td>')
        elif v.numerator:
            parts.append('<td class="mark-yes">✓ да</td>')
        else:
            parts.append(f'<td class="mark-no">✗ нет{_SHORTFALL.get(v.state, "")}</td>')
    return _safe(parts)


@functools.cache
def _escaped(text: str) -> str:
    """Titles and state labels: a handful of constant strings, escaped once."""
    return str(esc(text))


def _share_link(v, text: str) -> str:
    # v.url is reversed from our own URL patterns and integer ids: nothing in it to escape
    return (
        f'<a href="{v.url}" title="{_escaped(v.indicator.title)}">{text}</a> '
        f'<span class="badge {v.badge}">{_escaped(v.state_label)}</span>'
    )


@register.simple_tag
def area_cells(values) -> str:
    """A municipality's row: «n из m» of each school indicator, linked to the schools behind it."""
    parts = []
    for v in values:
        if v.indicator.level != "school":
            continue
        if v.has_data:
            parts.append(f'<td class="num">{_share_link(v, f"{v.numerator} из {v.denominator}")}</td>')
        else:
            parts.append('<td class="num">нет данных</td>')
    return _safe(parts)


@register.simple_tag
def region_cells(row) -> str:
    """A region's row of the federal dashboard: shares, and the region's own facts."""
    parts = []
    for v in row.values:
        if not v.has_data:
            cell = "нет данных"
        elif v.indicator.code == "regional_plan":
            url = reverse("monitoring:plan_region", args=[row.obj.pk])
            cell = f'<a href="{url}">{"да" if v.numerator else "нет"}</a>'
        elif v.indicator.level == "region":
            cell = f"{v.numerator} из {v.denominator}"
        else:
            cell = _share_link(v, f"{v.percent} %")
        parts.append(f'<td class="num">{cell}</td>')
    return _safe(parts)


@register.simple_tag
def municipality_options(municipalities, selected) -> str:
    """The municipality filter's options ((pk, name) pairs; a big region has hundreds)."""
    return _safe(
        [
            f'<option value="{pk}"{" selected" if pk == selected else ""}>{esc(name)}</option>'
            for pk, name in municipalities
        ]
    )
