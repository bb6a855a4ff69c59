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


def _school_cells(values, parts: list[str]) -> None:
    """A school's indicators: done / not yet (with the deadline's state) / no data."""
    for v in values:
        if not v.has_data:
            parts.append('<td>—<span class="visually-hidden"> нет данных</span></td>')
        elif v.numerator:
            parts.append('<td class="mark-yes">✓ да</td>')
        else:
            parts.append(f'<td class="mark-no">✗ нет{_SHORTFALL.get(v.state, "")}</td>')


def _url_maker(name: str):
    """pk → the URL of this pattern, reversed once per table rather than once per row."""
    template = reverse(name, args=[999999999])
    return lambda pk: template.replace("999999999", str(int(pk)))


@register.simple_tag
def school_rows(rows) -> str:
    """The rows of a dashboard's school table: the school (linked), its municipality, curator, indicators."""
    url = _url_maker("schools:school_detail")
    parts: list[str] = []
    for row in rows:
        school = row.school
        curator = esc(row.curator) if row.curator else "не назначен"
        parts.append(
            f'<tr><th scope="row"><a href="{url(school.pk)}">{esc(school.short_name)}</a></th>'
            f"<td>{esc(school.municipality.name)}</td><td>{curator}</td>"
        )
        _school_cells(row.values, parts)
        parts.append("</tr>")
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
def municipality_rows(rows) -> str:
    """The municipalities of a regional dashboard: each linked to its dashboard, then «n из m» of each school
    indicator, linked to the schools behind it."""
    url = _url_maker("monitoring:dashboard_municipality")
    parts: list[str] = []
    for row in rows:
        parts.append(f'<tr><th scope="row"><a href="{url(row.obj.pk)}">{esc(row.obj.name)}</a></th>')
        for v in row.values:
            if v.indicator.level != "school":
                continue
            if v.has_data:
                parts.append(f'<td class="num">{_share_link(v, f"{v.numerator} из {v.denominator}")}</td>')
            else:
                parts.append('<td class="num">нет данных</td>')
        parts.append("</tr>")
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


@register.filter
def recorded_days(chart) -> list[tuple[str, int]]:
    """(day, share) of the trend's days that have a value — the chart as a table."""
    return [(label, share) for label, share in zip(chart["labels"], chart["shares"], strict=True) if share is not None]


@register.filter
def risk_rows(levels) -> list[tuple[str, int, int]]:
    """(level, directions, schools) of the risk chart as table rows."""
    return list(zip(levels["labels"], levels["counts"], levels["schools"], strict=True))
