"""Menus by role: the school's own sections for its staff; the administrator's many items in groups."""

import re

from django.urls import reverse

from medk.nav import MAX_FLAT, NavGroup, NavItem, nav_tree
from tests.conftest import login

NAV = re.compile(r'<nav class="main-nav"[^>]*>(.*?)</nav>', re.S)


def menu(user) -> str:
    return NAV.search(login(user).get(reverse("help")).content.decode()).group(1)


def test_the_director_has_the_school_sections_on_the_top_level(cast):
    html = menu(cast.director)
    pk = cast.school_a.pk
    for title, url in [
        ("Школа", reverse("schools:school_detail", args=[pk])),
        ("Анкеты и РПШ", reverse("surveys:school_diagnosis", args=[pk])),
        ("Документы", reverse("roadmaps:document_list", args=[pk])),
        ("Дорожная карта", reverse("roadmaps:roadmap_detail", args=[pk])),
        ("Мониторинг", reverse("monitoring:stage_report_list", args=[pk])),
    ]:
        assert f'<a href="{url}">{title}</a>' in html
    assert "Помощь" in html


def test_the_administrator_and_the_federal_coordinator_get_grouped_menus(cast):
    for user in (cast.admin, cast.federal):
        html = menu(user)
        top_level = html.count("<details>")
        assert top_level >= 2, html
        assert "<summary>Мониторинг</summary>" in html and "<summary>Поддержка</summary>" in html
        # Every group is a native disclosure: reachable and opened by the keyboard without scripts.
        assert html.count("<summary>") == top_level


def test_a_short_menu_stays_flat_and_a_group_of_one_is_not_a_group():
    items = [NavItem(f"П{n}", f"/{n}/", n, "Школы" if n == 1 else "") for n in range(MAX_FLAT)]
    assert nav_tree(items) == items
    many = [
        NavItem(f"П{n}", f"/{n}/", n, "Поддержка" if n in (3, 4) else ("Школы" if n == 5 else "")) for n in range(12)
    ]
    tree = nav_tree(many, "/4/")
    groups = [e for e in tree if isinstance(e, NavGroup)]
    assert [g.title for g in groups] == ["Поддержка"] and groups[0].current
    assert any(isinstance(e, NavItem) and e.title == "П5" for e in tree)
