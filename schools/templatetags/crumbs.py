"""Breadcrumbs that link only to pages the user may open: a region or a municipality a director or a
curator may not open is plain text (a link there would end in 404)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from schools import permissions

register = template.Library()


def _crumb(allowed: bool, url: str, label) -> str:
    if allowed:
        return format_html('<li><a href="{}">{}</a></li>', url, label)
    return format_html("<li>{}</li>", label)


@register.simple_tag(takes_context=True)
def region_crumb(context, region, label=None) -> str:
    user = context["request"].user
    region_id = getattr(region, "pk", region)
    url = reverse("schools:region_detail", args=[region_id])
    return _crumb(permissions.can_open_region(user, region_id), url, label or region)


@register.simple_tag(takes_context=True)
def municipality_crumb(context, municipality, label=None) -> str:
    user = context["request"].user
    url = reverse("schools:municipality_detail", args=[municipality.pk])
    return _crumb(permissions.can_open_municipality(user, municipality), url, label or municipality)
