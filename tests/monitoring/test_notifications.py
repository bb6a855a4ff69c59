import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import services as notifications
from notifications.models import Notification, NotificationPreference, ReadState
from tests.conftest import login


def test_notify_with_a_key_notifies_each_user_once(cast):
    for _ in range(2):
        notifications.notify(
            users=[cast.director, cast.delegate], kind="document_returned", title="Документ возвращён", key="doc:1"
        )
    assert Notification.objects.filter(key="doc:1").count() == 2


def test_notify_rejects_an_unknown_kind(cast):
    with pytest.raises(ValueError, match="Неизвестный вид"):
        notifications.notify(users=[cast.director], kind="nonsense", title="?")


def test_letters_go_after_commit_and_once(cast, django_capture_on_commit_callbacks):
    created = notifications.notify(users=[cast.curator], kind="document_submitted", title="Документ на проверке")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    notifications.emails_send(notification_ids=[n.pk for n in created])
    notifications.emails_send(notification_ids=[n.pk for n in created])  # a retried task
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.curator.email]
    assert "Документ на проверке" in mail.outbox[0].subject


def test_send_now_sends_inline(cast):
    notifications.notify(users=[cast.curator], kind="question_asked", title="Новый вопрос", send_now=True)
    assert len(mail.outbox) == 1


def test_digest_preference_holds_letters_for_the_daily_summary(cast):
    NotificationPreference.objects.create(user=cast.curator, kind="question_asked", mode="digest")
    notifications.notify(users=[cast.curator], kind="question_asked", title="Вопрос 1", send_now=True)
    notifications.notify(users=[cast.curator], kind="question_asked", title="Вопрос 2", send_now=True)
    assert mail.outbox == []
    assert notifications.digest_send() == 1
    assert notifications.digest_send() == 0
    assert len(mail.outbox) == 1
    assert "Вопрос 1" in mail.outbox[0].body and "Вопрос 2" in mail.outbox[0].body


def test_off_preference_keeps_it_in_the_system_only(cast):
    NotificationPreference.objects.create(user=cast.director, kind="profile_published", mode="off")
    notifications.notify(users=[cast.director], kind="profile_published", title="Профиль опубликован", send_now=True)
    notifications.digest_send()
    assert mail.outbox == []
    assert notifications.unread(user=cast.director).count() == 1


def test_unread_badge_in_the_menu_and_marking_read(cast):
    notifications.notify(users=[cast.director], kind="other", title="Проверка связи", url="/schools/")
    client = login(cast.director)
    html = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Уведомления (1)" in html and "новое" in html
    n = Notification.objects.get(user=cast.director)
    response = client.post(reverse("notifications:notification_read", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/schools/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert "Уведомления (1)" not in client.get(reverse("notifications:notification_list")).content.decode()


def test_an_external_link_in_a_notification_is_not_followed(cast):
    n = notifications.notify(users=[cast.director], kind="other", title="x", url="https://evil.example/")[0]
    response = login(cast.director).post(reverse("notifications:notification_read", args=[n.pk]))
    assert response["Location"] == reverse("notifications:notification_list")


def test_read_all_and_preferences_are_saved(cast):
    notifications.notify(users=[cast.director], kind="other", title="a")
    notifications.notify(users=[cast.director], kind="other", title="b")
    client = login(cast.director)
    client.post(reverse("notifications:notification_read_all"))
    assert notifications.unread(user=cast.director).count() == 0
    client.post(reverse("notifications:notification_preferences"), {"reminder": "digest", "escalation": "off"})
    prefs = dict(NotificationPreference.objects.filter(user=cast.director).values_list("kind", "mode"))
    assert prefs["reminder"] == "digest" and prefs["escalation"] == "off"


def test_someone_elses_notification_is_not_found(cast):
    n = notifications.notify(users=[cast.director], kind="other", title="x")[0]
    assert login(cast.curator).post(reverse("notifications:notification_read", args=[n.pk])).status_code == 404


def test_notification_page_query_count_does_not_grow(cast):
    from .conftest import count_queries

    client = login(cast.director)
    url = reverse("notifications:notification_list")
    for i in range(2):
        notifications.notify(users=[cast.director], kind="other", title=f"n{i}", school=cast.school_a)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for i in range(20):
        notifications.notify(users=[cast.director], kind="other", title=f"m{i}", school=cast.school_b)
    assert count_queries(lambda: client.get(url)) == small


def test_a_text_longer_than_the_column_is_shortened_not_refused(cast):
    (note,) = notifications.notify(users=[cast.director], kind="other", title="Нужно разместить: " + "документ, " * 80)
    note.refresh_from_db()
    assert len(note.title) == 500 and note.title.endswith("…")


def _mark(client, **data):
    return client.post(reverse("notifications:read_state_mark"), data)


def test_a_read_mark_is_the_time_the_page_was_shown_and_never_moves_back_or_into_the_future(cast):
    client = login(cast.director)
    shown = timezone.now() - datetime.timedelta(minutes=5)
    assert _mark(client, kind="thread", object_id=7, at=shown.timestamp()).status_code == 204
    state = ReadState.objects.get(user=cast.director, kind="thread", object_id=7)
    assert abs(state.read_at - shown) < datetime.timedelta(milliseconds=1)
    _mark(client, kind="thread", object_id=7, at=(shown - datetime.timedelta(hours=1)).timestamp())
    state.refresh_from_db()
    assert abs(state.read_at - shown) < datetime.timedelta(milliseconds=1)  # an older page reporting late
    _mark(client, kind="thread", object_id=7, at=(timezone.now() + datetime.timedelta(days=1)).timestamp())
    state.refresh_from_db()
    assert state.read_at <= timezone.now()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "nonsense"}, "Неизвестный вид записи"),
        ({"kind": "thread", "object_id": "x"}, "Номер записи должен быть целым числом"),
        ({"kind": "faq", "at": "вчера"}, "Время показа страницы указано неверно"),
        ({"kind": "faq", "at": "1e300"}, "Время показа страницы указано неверно"),
    ],
)
def test_a_bad_read_mark_is_refused_with_a_russian_error_and_writes_nothing(cast, data, error):
    response = _mark(login(cast.director), **data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ReadState.objects.exists()
