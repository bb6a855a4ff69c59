import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import services
from audit.models import AppendOnlyError, AuditEvent
from schools import services as school_services
from schools.models import RoleAssignment, School
from tests import factories as f
from tests.conftest import PASSWORD, login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_an_event_cannot_be_changed_or_deleted_through_the_orm(cast):
    event = services.record(actor=cast.director, action="state_change", obj=cast.school_a)
    event.action = "login"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="login")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "state_change"


@pytest.mark.django_db
def test_the_database_itself_refuses_update_and_delete_on_postgresql(cast):
    if connection.vendor != "postgresql":
        pytest.skip("Триггер «только добавление» есть только в PostgreSQL; эта база — " + connection.vendor)
    event = services.record(actor=cast.director, action="state_change", obj=cast.school_a)
    for sql in ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action="state_change").exists()


def test_an_event_knows_the_school_and_its_region(cast):
    event = services.record(actor=cast.curator, action="state_change", obj=cast.school_a, details={"to": "ok"})
    assert event.school_id == cast.school_a.pk
    assert event.region_id == cast.region.pk
    assert event.school_label == str(cast.school_a)
    assert event.object_type == "schools.school"
    assert event.actor_label == cast.curator.email


def test_an_event_rolled_back_with_its_action_leaves_no_trace(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(actor=cast.director, action="state_change", obj=cast.school_a)
        raise RuntimeError
    assert AuditEvent.objects.count() == before


def test_a_login_through_the_form_is_recorded_with_the_address(cast):
    client = Client(REMOTE_ADDR="203.0.113.7")
    response = client.post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="login").latest("pk")
    assert event.actor == cast.director
    assert event.ip == "203.0.113.7"


def test_a_failed_login_is_recorded_against_the_tried_account(cast):
    client = Client(REMOTE_ADDR="203.0.113.8")
    response = client.post(reverse("account_login"), {"login": cast.director.email, "password": "wrong-password"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor == cast.director
    assert event.details == {"login": cast.director.email}
    assert event.ip == "203.0.113.8"


def test_a_failed_login_with_an_unknown_email_is_recorded_without_an_actor(cast):
    Client().post(reverse("account_login"), {"login": "nobody@example.ru", "password": "wrong-password"})
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor is None
    assert event.details == {"login": "nobody@example.ru"}


def test_a_logout_is_recorded(cast):
    client = login(cast.director)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="logout", actor=cast.director).exists()


def test_replacing_a_curator_records_the_revoked_and_granted_permissions(cast):
    new_curator = f.UserFactory(email="new-curator@example.ru")
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    school_services.curator_assign(school=cast.school_a, year=cast.year, curator=new_curator, by=cast.municipal)
    events = AuditEvent.objects.exclude(pk__in=before)
    revoked = {e.details["user"] for e in events.filter(action="permission_revoke")}
    granted = {(e.details["user"], e.details["permission"]) for e in events.filter(action="permission_grant")}
    # The old curator still curates school_b, so only school_a's rows go.
    assert revoked == {cast.curator.email}
    assert granted == {("new-curator@example.ru", "view_school"), ("new-curator@example.ru", "review_school")}
    assert all(e.school_id == cast.school_a.pk and e.region_id == cast.region.pk for e in events)


def test_the_acting_user_of_a_request_is_recorded_as_the_actor_of_a_permission_change(cast, rf):
    from audit.context import _current_request

    request = rf.post("/")
    request.user = cast.municipal
    token = _current_request.set(request)
    try:
        school_services.staff_attach(school=cast.school_b, user=f.UserFactory(email="d2@example.ru"))
    finally:
        _current_request.reset(token)
    event = AuditEvent.objects.filter(action="permission_grant").latest("pk")
    assert event.actor == cast.municipal
    assert event.details["user"] == "d2@example.ru"


def test_a_coordinator_role_grant_and_revoke_are_recorded_in_the_region(cast):
    user = f.UserFactory(email="new-regional@example.ru")
    role = RoleAssignment.objects.create(user=user, kind="regional", year=cast.year, region=cast.region)
    role.delete()
    grant = AuditEvent.objects.get(action="role_grant", details__user="new-regional@example.ru")
    revoke = AuditEvent.objects.get(action="role_revoke", details__user="new-regional@example.ru")
    assert grant.region_id == revoke.region_id == cast.region.pk


@pytest.mark.parametrize("n", [2, 10])
def test_record_many_writes_one_event_per_item_in_a_constant_number_of_queries(cast, n, django_assert_num_queries):
    schools = list(School.objects.order_by("pk"))  # fresh objects: their regions are not loaded yet
    items = [{"obj": schools[i % 4], "details": {"row": i + 2}} for i in range(n)]
    with django_assert_num_queries(2):  # regions of the schools, one bulk insert
        written = services.record_many(actor=cast.admin, action="import_row", items=items)
    assert written == n
    rows = AuditEvent.objects.filter(action="import_row")
    assert rows.count() == n
    assert set(rows.values_list("region_id", flat=True)) <= {cast.region.pk, cast.foreign_region.pk}


# --- the search page and the export ---------------------------------------------------------------


@pytest.fixture
def events(cast):
    services.record(actor=cast.director, action="document_download", obj=cast.school_a)
    services.record(actor=cast.outsider, action="document_download", obj=cast.foreign_school)
    return cast


def test_the_federal_coordinator_sees_events_of_every_region(events, cast):
    response = login(cast.federal).get(reverse("audit:event_list"), {"action": "document_download"})
    assert response.status_code == 200
    text = response.content.decode()
    assert str(cast.school_a) in text
    assert str(cast.foreign_school) in text


def test_the_regional_coordinator_sees_only_events_of_their_region(events, cast):
    response = login(cast.regional).get(reverse("audit:event_list"), {"action": "document_download"})
    text = response.content.decode()
    assert str(cast.school_a) in text
    assert "Чужая" not in text
    assert cast.outsider.email not in text


@pytest.mark.parametrize("who", ["municipal", "curator", "director", "outsider"])
def test_other_roles_cannot_open_the_audit_trail(cast, who):
    assert login(getattr(cast, who)).get(reverse("audit:event_list")).status_code == 404
    assert login(getattr(cast, who)).get(reverse("audit:event_export")).status_code == 404


def test_the_search_filters_by_person_school_and_dates(events, cast):
    client = login(cast.federal)
    text = client.get(reverse("audit:event_list"), {"who": "outsider@"}).content.decode()
    assert "Чужая" in text and cast.director.email not in text
    text = client.get(reverse("audit:event_list"), {"school": "Гусинская"}).content.decode()
    assert cast.director.email in text and "Чужая" not in text
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    text = client.get(reverse("audit:event_list"), {"date_from": tomorrow}).content.decode()
    assert "Записей не найдено" in text


def test_an_inverted_date_range_is_explained(cast):
    response = login(cast.federal).get(
        reverse("audit:event_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "Дата «с» позже даты «по»" in response.content.decode()


def test_the_event_list_costs_a_constant_number_of_queries(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.federal)
    counts = []
    for n in (2, 10):
        services.record_many(actor=cast.admin, action="import_row", items=[{"obj": cast.school_a}] * n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audit:event_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts


def test_the_export_is_an_xlsx_of_the_filtered_events_and_is_itself_recorded(events, cast):
    response = login(cast.regional).get(reverse("audit:event_export"), {"action": "document_download"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Когда", "Кто", "Действие")
    assert [r[1] for r in rows[1:]] == [cast.director.email]
    assert rows[1][2] == "скачан документ"
    assert AuditEvent.objects.filter(action="audit_export", actor=cast.regional).exists()


def test_a_document_state_change_is_recorded_with_its_school_and_actor(cast, settings, tmp_path):
    from roadmaps import services as roadmap_services
    from tests.roadmaps.conftest import docx, upload

    settings.MEDIA_ROOT = tmp_path
    version = roadmap_services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        direction=None,
        title="",
        uploaded_file=upload("Концепция.docx", docx()),
        by=cast.director,
    )
    roadmap_services.document_submit(document=version.document, by=cast.director)
    event = AuditEvent.objects.filter(action="state_change").latest("pk")
    assert event.actor == cast.director
    assert event.school_id == cast.school_a.pk and event.region_id == cast.region.pk
    assert event.object_type == "roadmaps.document"
    assert event.details["to"]


@pytest.mark.parametrize("who", ["director", "curator", "delegate"])  # coordinators sign in with TOTP too
def test_logins_of_people_working_in_the_region_are_visible_to_its_coordinator(cast, who):
    user = getattr(cast, who)
    Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    event = AuditEvent.objects.filter(action="login", actor=user).latest("pk")
    assert event.region_id == cast.region.pk
    html = login(cast.regional).get(reverse("audit:event_list"), {"action": "login"}).content.decode()
    assert user.email in html


def test_logins_in_another_region_stay_hidden_from_the_coordinator(cast):
    Client().post(reverse("account_login"), {"login": cast.outsider.email, "password": PASSWORD})
    html = login(cast.regional).get(reverse("audit:event_list"), {"action": "login"}).content.decode()
    assert cast.outsider.email not in html


def test_the_journal_shows_a_documents_change_of_state_in_russian(cast):
    from roadmaps.models import Document

    document = Document.objects.create(school=cast.school_a, year=cast.year, kind="concept")
    services.record(
        actor=cast.curator,
        action="state_change",
        obj=document,
        school=cast.school_a,
        details={"from": "submitted", "to": "confirmed", "reason": "", "version": 2},
    )
    event = AuditEvent.objects.get(action="state_change")
    assert event.details_text == "Было: на проверке; Стало: подтверждён; Версия: 2"
    html = login(cast.federal).get("/audit/").content.decode()
    assert "Было: на проверке; Стало: подтверждён" in html
    assert "from: submitted" not in html
