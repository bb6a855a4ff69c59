"""The review loop: every transition, the forbidden ones, comments, resubmission and the diff."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmaps import selectors, services
from roadmaps.models import Comment, Measure, Status, Transition
from tests.conftest import login

from .conftest import fill_roadmap


def url(name, document):
    return reverse(f"roadmaps:{name}", kwargs={"pk": document.pk})


def test_submitting_an_incomplete_roadmap_is_refused_with_the_missing_items(cast, directions):
    roadmap = fill_roadmap(cast.school_a, cast.year, cast.director, complete=False)
    client = login(cast.director)
    response = client.post(url("document_submit", roadmap), follow=True)
    assert "нет ни одного показателя" in response.content.decode()
    roadmap.refresh_from_db()
    assert roadmap.status == Status.DRAFT
    assert not roadmap.versions.exists()


def test_submitting_snapshots_the_roadmap_as_a_new_version_and_records_the_transition(cast, roadmap):
    response = login(cast.director).post(url("document_submit", roadmap))
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.status == Status.SUBMITTED
    version = roadmap.versions.get()
    assert version.number == 1
    assert version.snapshot["sections"][0]["goal"] == "Снизить долю неуспевающих"
    t = Transition.objects.get()
    assert (t.from_status, t.to_status, t.by, t.version) == (Status.DRAFT, Status.SUBMITTED, cast.director, version)


def test_the_curator_confirms_and_the_confirmation_is_recorded(cast, submitted):
    login(cast.curator).post(url("document_confirm", submitted))
    submitted.refresh_from_db()
    assert submitted.status == Status.CONFIRMED
    t = Transition.objects.order_by("-pk").first()
    assert (t.from_status, t.to_status, t.by) == (Status.SUBMITTED, Status.CONFIRMED, cast.curator)


def test_returning_requires_a_reason(cast, submitted):
    response = login(cast.curator).post(url("document_return", submitted), {"reason": "  "}, follow=True)
    assert "Укажите причину возврата" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.document_return(document=submitted, by=cast.curator, reason="")


def test_returning_with_a_reason_records_it_and_adds_a_comment(cast, submitted):
    login(cast.curator).post(url("document_return", submitted), {"reason": "Нет показателей по второму направлению"})
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    t = Transition.objects.order_by("-pk").first()
    assert t.reason == "Нет показателей по второму направлению"
    assert t.by == cast.curator
    assert Comment.objects.filter(document=submitted, text__contains="Нет показателей").exists()


@pytest.mark.parametrize(
    ("role", "name"),
    [("director", "document_confirm"), ("delegate", "document_return"), ("municipal", "document_confirm")],
)
def test_only_the_curator_confirms_or_returns(cast, submitted, role, name):
    response = login(getattr(cast, role)).post(url(name, submitted), {"reason": "x"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_curator_cannot_submit_for_the_school(cast, roadmap):
    assert login(cast.curator).post(url("document_submit", roadmap)).status_code == 403


def test_forbidden_transitions_are_refused_by_the_service(cast, roadmap):
    with pytest.raises(ValidationError, match="только документ на проверке"):
        services.document_confirm(document=roadmap, by=cast.curator)
    with pytest.raises(ValidationError, match="только документ на проверке"):
        services.document_return(document=roadmap, by=cast.curator, reason="x")
    with pytest.raises(ValidationError, match="только подтверждённый"):
        services.document_reopen(document=roadmap, by=cast.curator, reason="x")
    services.document_submit(document=roadmap, by=cast.director)
    with pytest.raises(ValidationError, match="отправить его на проверку нельзя"):
        services.document_submit(document=roadmap, by=cast.director)
    services.document_confirm(document=roadmap, by=cast.curator)
    with pytest.raises(ValidationError, match="только документ на проверке"):
        services.document_confirm(document=roadmap, by=cast.curator)
    with pytest.raises(ValidationError, match="отправить его на проверку нельзя"):
        services.document_submit(document=roadmap, by=cast.director)


def test_a_file_document_cannot_be_submitted_without_a_file(cast, directions):
    from roadmaps.models import Document

    document = Document.objects.create(school=cast.school_a, year=cast.year, kind="midterm")
    with pytest.raises(ValidationError, match="загрузите файл"):
        services.document_submit(document=document, by=cast.director)


def test_reopening_needs_the_curator_or_a_coordinator_and_a_reason(cast, confirmed):
    assert login(cast.director).post(url("document_reopen", confirmed), {"reason": "x"}).status_code == 403
    response = login(cast.curator).post(url("document_reopen", confirmed), {"reason": ""}, follow=True)
    assert "почему подтверждённый документ открывается снова" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    login(cast.municipal).post(url("document_reopen", confirmed), {"reason": "Ошибка в сроках"})
    confirmed.refresh_from_db()
    assert confirmed.status == Status.DRAFT
    t = Transition.objects.order_by("-pk").first()
    assert (t.from_status, t.to_status, t.by, t.reason) == (
        Status.CONFIRMED,
        Status.DRAFT,
        cast.municipal,
        "Ошибка в сроках",
    )


def test_a_comment_can_be_pinned_to_a_measure_and_answered(cast, submitted):
    measure = Measure.objects.first()
    login(cast.curator).post(url("comment_create", submitted), {"text": "Уточните сроки", "measure": measure.pk})
    comment = Comment.objects.get()
    assert comment.measure == measure
    assert comment.pinned_label == f"Мероприятие «{measure.title}»"
    login(cast.director).post(url("comment_create", submitted), {"text": "Исправим", "parent": comment.pk})
    thread = selectors.document_comments(document=submitted)
    assert [c.text for c in thread] == ["Уточните сроки"]
    assert [r.text for r in thread[0].thread] == ["Исправим"]
    assert thread[0].thread[0].measure == measure
    page = login(cast.director).get(url("document_detail", submitted)).content.decode()
    assert f"Мероприятие «{measure.title}»" in page


def test_a_comment_cannot_be_pinned_to_another_schools_measure(cast, submitted):
    other = fill_roadmap(cast.school_b, cast.year, cast.curator)
    foreign_measure = Measure.objects.filter(section__document=other).first()
    with pytest.raises(ValidationError):
        services.comment_create(document=submitted, author=cast.curator, text="x", measure=foreign_measure)


def test_resubmission_creates_a_new_version_and_the_diff_shows_what_changed(cast, submitted):
    services.document_return(document=submitted, by=cast.curator, reason="Доработать")
    section = selectors.roadmap_sections(document=submitted)[0]
    changed = section.measures.first()
    services.measure_update(
        measure=changed,
        data={
            "title": "Педсовет",
            "responsible": "Директор",
            "starts_on": changed.starts_on,
            "ends_on": changed.ends_on,
        },
        revision=None,
        by=cast.director,
    )
    removed = section.indicators.first()
    services.indicator_delete(indicator=removed, by=cast.director)
    services.indicator_create(
        section=section, data={"name": "Посещаемость", "baseline": 85, "target": 95}, by=cast.director
    )
    services.measure_create(section=section, data={"title": "Консультации для родителей"}, by=cast.director)
    version = services.document_submit(document=submitted, by=cast.director)
    assert version.number == 2
    assert submitted.versions.get(number=1).snapshot != version.snapshot

    response = login(cast.curator).get(url("document_diff", submitted) + "?a=1&b=2")
    diff = response.context["diff"]
    assert sorted((c.kind, c.title) for c in diff.added) == [
        ("indicator", "Посещаемость"),
        ("measure", "Консультации для родителей"),
    ]
    assert [(c.kind, c.title) for c in diff.removed] == [("indicator", "Доля успевающих")]
    assert [(c.kind, c.fields) for c in diff.changed] == [("measure", [("ответственный", "Завуч", "Директор")])]
    html = response.content.decode()
    assert "Консультации для родителей" in html and "Завуч" in html


def test_the_diff_of_identical_snapshots_is_empty():
    snapshot = {
        "sections": [{"direction_id": 1, "direction": "Н", "goal": "Ц", "tasks": "", "measures": [], "indicators": []}]
    }
    assert selectors.roadmap_diff(snapshot, snapshot).empty


def test_the_diff_reports_goal_changes():
    old = {
        "sections": [
            {"direction_id": 1, "direction": "Н", "goal": "Старая", "tasks": "", "measures": [], "indicators": []}
        ]
    }
    new = {
        "sections": [
            {"direction_id": 1, "direction": "Н", "goal": "Новая", "tasks": "", "measures": [], "indicators": []}
        ]
    }
    diff = selectors.roadmap_diff(old, new)
    assert diff.changed[0].fields == [("цель", "Старая", "Новая")]


def test_a_confirmed_concept_cannot_be_changed_until_reopened(cast, concept):
    services.document_submit(document=concept, by=cast.director)
    services.document_confirm(document=concept, by=cast.curator)
    response = login(cast.director).get(url("document_detail", concept))
    assert response.context["can_act"] is False
    services.document_reopen(document=concept, by=cast.curator, reason="Новая редакция")
    response = login(cast.director).get(url("document_detail", concept))
    assert response.context["can_act"] is True


def test_two_curators_acting_at_once_do_not_both_win(cast, submitted):
    """Row locks plus status checks: the second action sees the first one's result and is refused."""
    services.document_confirm(document=submitted, by=cast.curator)
    stale = type(submitted).objects.get(pk=submitted.pk)
    stale.status = Status.SUBMITTED  # what the second tab still believes
    with pytest.raises(ValidationError):
        services.document_return(document=stale, by=cast.curator, reason="Поздно")
    submitted.refresh_from_db()
    assert submitted.status == Status.CONFIRMED


def test_every_transition_and_download_lands_in_the_audit_trail(cast, submitted, concept):
    from audit.models import AuditEvent

    services.document_return(document=submitted, by=cast.curator, reason="Доработать")
    event = AuditEvent.objects.filter(action="state_change").order_by("-pk").first()
    assert event.actor == cast.curator
    assert event.school_id == cast.school_a.pk
    assert event.details["from"] == Status.SUBMITTED and event.details["to"] == Status.RETURNED
    assert event.details["reason"] == "Доработать"
    version = concept.versions.get()
    login(cast.curator).get(reverse("roadmaps:version_download", kwargs={"pk": version.pk}))
    assert AuditEvent.objects.filter(action="document_download", object_id=str(version.pk), actor=cast.curator).exists()
    assert AuditEvent.objects.filter(action="roadmap.upload", object_id=str(version.pk)).exists()


def test_the_curator_reading_a_submitted_roadmap_gets_a_comment_link_per_measure(cast, submitted):
    measure = Measure.objects.first()
    html = (
        login(cast.curator)
        .get(reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk}))
        .content.decode()
    )
    assert f"?measure={measure.pk}#comment-form" in html
