"""Questions to the curator and to methodologists, the FAQ, unread markers and attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curators.models import FaqEntry, Thread
from curators.services import consultations as services
from notifications.models import ReadState
from schools import services as school_services
from tests import factories as f
from tests.conftest import get_writing_nothing, login, open_page

from . import helpers as h


def _list(client, school):
    return client.get(reverse("curators:thread_list", args=[school.pk])).content.decode()


def test_the_school_asks_its_curator_and_the_question_waits_for_an_answer(cast):
    response = login(cast.director).post(
        reverse("curators:thread_create", args=[cast.school_a.pk]),
        {"kind": "curator", "subject": "Сроки дорожной карты", "body": "До какого числа?"},
    )
    thread = Thread.objects.get()
    assert response["Location"] == reverse("curators:thread_detail", args=[thread.pk])
    assert thread.awaiting_answer
    caseload = login(cast.curator).get(reverse("monitoring:caseload_detail", args=[cast.curator.pk]))
    row = next(r for r in caseload.context["rows"] if r.school == cast.school_a)
    assert row.questions == 1


def test_a_new_question_is_marked_new_for_the_curator_until_opened_and_again_after_a_new_message(cast):
    thread = h.thread(cast)
    curator = login(cast.curator)
    assert "новое" in _list(curator, cast.school_a)
    assert "новое" not in _list(login(cast.director), cast.school_a)  # the author has seen it
    open_page(curator, reverse("curators:thread_detail", args=[thread.pk]))
    assert "новое" not in _list(curator, cast.school_a)
    services.message_create(thread=thread, author=cast.director, body="Уточнение", from_school=True)
    assert "новое" in _list(curator, cast.school_a)


def test_the_curators_answer_clears_the_waiting_state_and_is_new_for_the_school(cast):
    thread = h.thread(cast)
    login(cast.curator).post(reverse("curators:message_create", args=[thread.pk]), {"body": "До 20 марта"})
    thread.refresh_from_db()
    assert not thread.awaiting_answer
    assert thread.messages.last().from_school is False
    assert "новое" in _list(login(cast.director), cast.school_a)


def test_the_unread_count_shows_on_the_school_page(cast):
    h.thread(cast)
    body = login(cast.curator).get(reverse("schools:school_detail", args=[cast.school_a.pk])).content.decode()
    assert "новых: 1" in body


def test_a_forum_question_is_answered_by_the_regional_methodologist_and_promoted_to_the_faq(cast):
    thread = h.thread(cast, kind="forum")
    regional = login(cast.regional)
    inbox = regional.get(reverse("curators:forum_inbox")).content.decode()
    assert thread.subject in inbox and "новое" in inbox
    regional.post(reverse("curators:message_create", args=[thread.pk]), {"body": "Смотрите методичку, раздел 3"})
    answer = thread.messages.get(from_school=False)
    regional.post(reverse("curators:faq_promote", args=[answer.pk]), {"question": "Где методичка?", "answer": ""})
    entry = FaqEntry.objects.get()
    assert (entry.question, entry.answer, entry.source) == ("Где методичка?", "Смотрите методичку, раздел 3", answer)


def test_a_question_cannot_be_promoted_to_the_faq_as_if_it_were_an_answer(cast):
    thread = h.thread(cast, kind="forum")
    question = thread.messages.get()
    response = login(cast.regional).post(reverse("curators:faq_promote", args=[question.pk]))
    assert response.status_code == 403
    assert not FaqEntry.objects.exists()


def test_faq_entries_are_new_for_everyone_until_they_open_the_faq(cast):
    services.faq_promote(message=h.answer(cast), by=cast.regional)
    client = login(cast.outsider)  # another region's school sees the FAQ too, without the asking school's name
    first = open_page(client, reverse("curators:faq_list")).content.decode()
    assert "новое" in first
    assert cast.school_a.short_name not in first
    assert "новое" not in client.get(reverse("curators:faq_list")).content.decode()


def test_a_question_to_the_curator_needs_an_appointed_curator(cast):
    with pytest.raises(Exception, match="не назначен куратор"):
        services.thread_create(
            school=cast.school_c, year=cast.year, kind="curator", author=cast.regional, subject="Тема", body="Вопрос"
        )


def test_message_attachments_are_checked_and_downloadable_only_by_those_who_see_the_school(cast):
    thread = h.thread(cast)
    client = login(cast.director)
    bad = SimpleUploadedFile("скрипт.pdf", b"#!/bin/sh\nrm -rf /")
    client.post(reverse("curators:message_create", args=[thread.pk]), {"body": "Файл", "file": bad})
    assert thread.messages.count() == 1  # the whole message was refused, not stored without its file
    client.post(reverse("curators:message_create", args=[thread.pk]), {"body": "Файл", "file": h.pdf_upload()})
    attachment = thread.messages.last().attachments.get()
    url = reverse("curators:message_attachment_download", args=[attachment.pk])
    assert login(cast.curator).get(url).status_code == 200
    assert login(cast.outsider).get(url).status_code == 404


@pytest.mark.parametrize("n", [2, 10])
def test_the_thread_list_runs_a_constant_number_of_queries(cast, n, django_assert_max_num_queries):
    for i in range(n):
        t = h.thread(cast)
        services.message_create(thread=t, author=cast.curator, body=f"Ответ {i}", from_school=False)
    client = login(cast.curator)
    client.get(reverse("curators:thread_list", args=[cast.school_a.pk]))
    with django_assert_max_num_queries(13):  # the same for 2 and 10 threads (the menu reads the year switcher)
        response = client.get(reverse("curators:thread_list", args=[cast.school_a.pk]))
    assert response.content.decode().count("есть ответ") == n


@pytest.mark.parametrize("n", [2, 10])
def test_the_forum_inbox_runs_a_constant_number_of_queries(cast, n, django_assert_max_num_queries):
    for i in range(n):
        school = f.SchoolFactory(municipality=cast.mun_b)
        user = f.UserFactory()
        school_services.staff_attach(school=school, user=user)
        h.thread(cast, school, kind="forum", author=user)
    client = login(cast.regional)
    client.get(reverse("curators:forum_inbox"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("curators:forum_inbox"))
    assert response.content.decode().count("ждёт ответа") == n


@pytest.mark.parametrize("page", ["thread", "visit", "faq"])
def test_opening_a_question_a_visit_or_the_faq_writes_nothing_until_the_page_reports_it_seen(cast, page):
    if page == "faq":
        services.faq_promote(message=h.answer(cast), by=cast.regional)
        url, kind = reverse("curators:faq_list"), ReadState.Kind.FAQ
    elif page == "thread":
        url, kind = reverse("curators:thread_detail", args=[h.thread(cast).pk]), ReadState.Kind.THREAD
    else:
        url, kind = reverse("curators:visit_detail", args=[h.visit(cast).pk]), ReadState.Kind.VISIT
    client = login(cast.curator)
    get_writing_nothing(client, url)
    assert not ReadState.objects.filter(user=cast.curator, kind=kind).exists()
    open_page(client, url)
    assert ReadState.objects.filter(user=cast.curator, kind=kind).exists()
