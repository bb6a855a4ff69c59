"""Counts under the anonymity minimum are not derivable anywhere, and the time of an answer cannot be matched
to the web server's access log (issue 16, item 8).

The test renders every page and export that shows a school's answer counts with one answer and again with
four (both under the minimum of five): apart from CSRF tokens, they must be the same bytes.
"""

import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from surveys import selectors
from surveys.models import RespondentGroup, Response, SchoolHeadcount
from tests.conftest import login
from tests.surveys import helpers
from tests.surveys.test_collection import valid_answers

_TOKENS = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


@pytest.fixture
def diag(cast):
    helpers.setup(cast)
    SchoolHeadcount.objects.create(
        school=cast.school_a, year=cast.year, teachers=40, pupils6=20, pupils9=20, parents=40
    )
    return cast


def answers(cast, n: int) -> None:
    questionnaire = selectors.active_questionnaire(year=cast.year, group=RespondentGroup.TEACHER)
    for _ in range(n):
        Response.objects.create(questionnaire=questionnaire, year=cast.year, group="teacher", school=cast.school_a)


def snapshot(cast) -> dict:
    pages = {}
    for who in ("director", "curator", "municipal", "regional", "federal"):
        client = login(getattr(cast, who))
        for name, args in (
            ("surveys:school_diagnosis", [cast.school_a.pk]),
            ("schools:school_detail", [cast.school_a.pk]),
            ("home", []),
        ):
            response = client.get(reverse(name, args=args), follow=True)
            pages[who, name] = _TOKENS.sub(rb"\1", response.content)
    for name, pk in (("surveys:region_export", cast.region.pk), ("surveys:municipality_export", cast.mun_a.pk)):
        workbook = openpyxl.load_workbook(io.BytesIO(login(cast.regional).get(reverse(name, args=[pk])).content))
        pages["regional", name] = [[c.value for c in row] for ws in workbook for row in ws.iter_rows()]
    return pages


def test_one_answer_and_four_answers_look_the_same_on_every_page_and_export(diag):
    answers(diag, 1)
    one = snapshot(diag)
    page = one["director", "surveys:school_diagnosis"].decode()
    assert "менее 5" in page
    answers(diag, 3)
    four = snapshot(diag)
    for key in one:
        assert one[key] == four[key], key


def test_the_progress_bar_of_a_hidden_group_gives_no_share(diag):
    answers(diag, 2)
    page = login(diag.director).get(reverse("surveys:school_diagnosis", args=[diag.school_a.pk])).content.decode()
    assert f'aria-label="{RespondentGroup.TEACHER.label}:' not in page  # no progress bar for the hidden group
    group = next(g for g in selectors.completion(school=diag.school_a, year=diag.year).groups if g.group == "teacher")
    assert group.hidden and group.percent == 0 and group.step == 0


def test_a_public_answer_is_stored_with_the_hour_only(diag):
    link = helpers.link(diag)
    client = Client()
    client.get(reverse("surveys:respond", args=[link.token]))
    assert client.post(reverse("surveys:respond", args=[link.token]), valid_answers(diag)).status_code == 302
    saved = Response.objects.get()
    assert (saved.submitted_at.minute, saved.submitted_at.second, saved.submitted_at.microsecond) == (0, 0, 0)
