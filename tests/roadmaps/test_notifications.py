"""Every review step tells whoever must act next (through monitoring's one notify service)."""

from notifications.models import Notification
from roadmaps import services


def kinds_for(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_submission_notifies_the_curator_and_nobody_else(cast, submitted):
    assert kinds_for(cast.curator) == ["document_submitted"]
    assert kinds_for(cast.director) == []
    assert kinds_for(cast.outsider) == []


def test_a_return_tells_the_school_the_reason(cast, submitted):
    services.document_return(document=submitted, by=cast.curator, reason="Нет ответственных")
    note = Notification.objects.get(user=cast.director)
    assert note.kind == "document_returned"
    assert "Нет ответственных" in note.title
    assert Notification.objects.filter(user=cast.delegate, kind="document_returned").exists()


def test_a_confirmation_tells_the_school(cast, confirmed):
    assert kinds_for(cast.director) == ["document_confirmed"]
