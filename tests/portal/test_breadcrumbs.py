"""Breadcrumbs link only to pages the user may open: every breadcrumb link, on every page a role reaches
from its cabinet, answers 200 for that role (a region or municipality it may not open is plain text)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.conftest import login
from yearcalendar import services as cal

CRUMBS = re.compile(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"#?]+)[^"]*"')
# Links the crawl does not follow: files, exports, sign-out and third-party areas.
SKIP = re.compile(r"^/(accounts|admin|static)/|export|download|\.xlsx|\.pdf|/print/|/accessibility/")
MAX_PAGES = 60


def crawl(client, start: str = "/"):
    """Pages reachable from the cabinet in a breadth-first walk: (url, html) of each that answered 200."""
    seen, queue, pages = {start}, [start], []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append((url, html))
        for href in HREF.findall(html):
            href = unescape(href)
            if href.startswith("/") and href not in seen and not SKIP.search(href):
                seen.add(href)
                queue.append(href)
    return pages


@pytest.mark.parametrize("role", ["director", "curator", "municipal", "regional", "federal"])
def test_no_breadcrumb_leads_a_role_to_a_page_it_may_not_open(cast, role):
    cal.calendar_create_default(year=cast.year)
    client = login(getattr(cast, role))
    pages = crawl(client)
    assert len(pages) > 5
    checked: dict[str, int] = {}
    broken = []
    for url, html in pages:
        match = CRUMBS.search(html)
        if not match:
            continue
        for href in HREF.findall(match.group(1)):
            if href not in checked:
                checked[href] = client.get(href).status_code
            if checked[href] != 200:
                broken.append((url, href, checked[href]))
    assert checked, "no breadcrumbs seen"
    assert not broken, broken


def test_the_director_sees_region_and_municipality_as_plain_text_on_the_school_page(cast):
    html = login(cast.director).get(reverse("schools:school_detail", args=[cast.school_a.pk])).content.decode()
    crumbs = CRUMBS.search(html).group(1)
    assert "<li>Смоленская область</li>" in crumbs and "<li>Краснинский район</li>" in crumbs
    assert reverse("schools:municipality_detail", args=[cast.mun_a.pk]) not in crumbs


def test_the_municipal_coordinator_links_to_the_municipality_but_not_the_region(cast):
    html = login(cast.municipal).get(reverse("schools:school_detail", args=[cast.school_a.pk])).content.decode()
    crumbs = CRUMBS.search(html).group(1)
    assert reverse("schools:municipality_detail", args=[cast.mun_a.pk]) in crumbs
    assert reverse("schools:region_detail", args=[cast.region.pk]) not in crumbs
    regional = login(cast.regional).get(reverse("schools:school_detail", args=[cast.school_a.pk])).content.decode()
    assert reverse("schools:region_detail", args=[cast.region.pk]) in CRUMBS.search(regional).group(1)
