"""With the broker (Redis) unreachable, saved work is never lost silently and requests never crash:
the job's status record says the task was not started."""

import pytest
from django.urls import reverse

from medk.celery import app
from monitoring.models import Report
from notifications.models import Notification
from roadmaps import services as roadmap_services
from tests.conftest import login


@pytest.fixture
def dead_broker(celery_task_mode):
    # Celery reads CELERY_* from Django settings: the task-mode fixture's `settings` restores both.
    celery_task_mode.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    celery_task_mode.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None  # connections are pooled per broker URL
    app.amqp._producer_pool = None
    yield
    app._pool = None
    app.amqp._producer_pool = None


def test_a_report_requested_while_the_broker_is_down_says_it_was_not_started(
    cast, dead_broker, django_capture_on_commit_callbacks
):
    client = login(cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("monitoring:report_create"), {"kind": "school", "fmt": "pdf", "school": cast.school_a.pk}
        )
    assert response.status_code in (302, 303)
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert "Очередь фоновых задач недоступна" in report.error
    page = client.get(reverse("monitoring:report_detail", args=[report.pk])).content.decode()
    assert "Очередь фоновых задач недоступна" in page


def test_a_review_step_still_succeeds_when_its_e_mail_cannot_be_queued(
    cast, dead_broker, django_capture_on_commit_callbacks
):
    from surveys.models import RiskActivation, RiskDirection
    from surveys.risk_catalogue import risk_directions_create_default
    from tests.roadmaps.conftest import fill_roadmap

    risk_directions_create_default(year=cast.year)
    for direction in RiskDirection.objects.filter(year=cast.year, number__in=(1, 2)):
        RiskActivation.objects.create(school=cast.school_a, direction=direction)
    roadmap = fill_roadmap(cast.school_a, cast.year, cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.document_submit(document=roadmap, by=cast.director)
    roadmap.refresh_from_db()
    assert roadmap.status == "submitted"
    # the in-app notification is there; its letter stays unsent (emailed_at empty) and was logged
    note = Notification.objects.get(user=cast.curator)
    assert note.emailed_at is None
