"""Logging visits, the school's confirmation, files, the evaluation form and the calendars."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from curators.models import EvaluationCriterion, Visit, VisitAction
from curators.services import visits as services
from tests.conftest import login, open_page

from . import helpers as h


def _post_visit(client, school, **extra):
    data = {
        "held_on": timezone.localdate().isoformat(),
        "format": "onsite",
        "participants": "Директор Петрова А. И., завуч Смирнова О. В.",
        "topics": "Верификация рискового профиля",
        "findings": "Команда готова",
        "recommendations": "Провести педсовет",
        "action_text": ["Провести педсовет по итогам диагностики", ""],
        "action_responsible": ["Директор", ""],
    } | extra
    return client.post(reverse("curators:visit_create", args=[school.pk]), data)


def test_the_curator_records_a_visit_that_waits_for_the_schools_confirmation(cast):
    response = _post_visit(login(cast.curator), cast.school_a)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("curators:visit_detail", args=[visit.pk])
    assert visit.status == Visit.Status.AWAITING
    assert visit.curator == cast.curator
    assert list(visit.actions.values_list("text", flat=True)) == ["Провести педсовет по итогам диагностики"]


def test_a_visit_cannot_be_recorded_for_a_future_date(cast):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _post_visit(login(cast.curator), cast.school_a, held_on=tomorrow)
    assert response.status_code == 200
    assert "не может быть в будущем" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_director_confirms_the_visit_and_then_it_is_locked(cast):
    visit = h.visit(cast)
    response = login(cast.director).post(reverse("curators:visit_confirm", args=[visit.pk]))
    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.status == Visit.Status.CONFIRMED
    assert visit.status_changed_by == cast.director
    with pytest.raises(ValidationError):
        services.visit_update(visit=visit, by=cast.curator, topics="Другое")
    page = login(cast.curator).get(reverse("curators:visit_update", args=[visit.pk]))
    assert page.status_code == 302


def test_the_school_may_refuse_a_record_only_with_a_reason(cast):
    visit = h.visit(cast)
    client = login(cast.director)
    client.post(reverse("curators:visit_dispute", args=[visit.pk]), {"reason": ""})
    visit.refresh_from_db()
    assert visit.status == Visit.Status.AWAITING
    client.post(reverse("curators:visit_dispute", args=[visit.pk]), {"reason": "Визит был дистанционным"})
    visit.refresh_from_db()
    assert visit.status == Visit.Status.DISPUTED
    assert visit.dispute_reason == "Визит был дистанционным"


def test_a_corrected_record_goes_back_to_the_school_for_confirmation(cast):
    visit = h.visit(cast, status=Visit.Status.DISPUTED)
    data = {
        "held_on": visit.held_on.isoformat(),
        "format": "remote",
        "participants": visit.participants,
        "topics": visit.topics,
        "findings": "",
        "recommendations": "",
    }
    response = login(cast.curator).post(reverse("curators:visit_update", args=[visit.pk]), data)
    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.status == Visit.Status.AWAITING
    assert visit.format == Visit.Format.REMOTE
    assert visit.dispute_reason == ""


def test_another_curator_of_the_same_school_cannot_change_the_record(cast):
    visit = h.visit(cast)
    from tests import factories as f

    other = f.UserFactory()
    with pytest.raises(Exception) as exc:
        services.visit_update(visit=visit, by=other, topics="Другое")
    assert "куратор" in str(exc.value)


def test_a_visit_attachment_is_checked_by_content_and_served_only_as_a_private_attachment(cast):
    visit = h.visit(cast)
    client = login(cast.curator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("протокол.pdf", b"just text, not a pdf")
    response = client.post(reverse("curators:visit_attachment_create", args=[visit.pk]), {"file": bad}, follow=True)
    assert "не похоже ни на один из допустимых форматов" in response.content.decode()
    assert not visit.attachments.exists()
    client.post(reverse("curators:visit_attachment_create", args=[visit.pk]), {"file": h.pdf_upload()})
    attachment = visit.attachments.get()
    download = login(cast.director).get(reverse("curators:visit_attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_evaluation_form_needs_a_score_for_every_criterion_of_the_year(cast):
    visit = h.visit(cast)
    c1 = EvaluationCriterion.objects.create(year=cast.year, order=0, title="Изменения в преподавании")
    c2 = EvaluationCriterion.objects.create(year=cast.year, order=1, title="Вовлечённость коллектива")
    with pytest.raises(ValidationError, match="Вовлечённость коллектива"):
        services.visit_evaluate(visit=visit, by=cast.curator, scores={c1.pk: (2, "")})
    client = login(cast.curator)
    url = reverse("curators:visit_evaluate", args=[visit.pk])
    response = client.post(url, {f"score_{c1.pk}": "2", f"score_{c2.pk}": "1", f"comment_{c2.pk}": "Начали"})
    assert response.status_code == 302
    assert {e.criterion_id: e.score for e in visit.evaluations.all()} == {c1.pk: 2, c2.pk: 1}


def test_default_criteria_are_created_once_per_year(cast):
    assert services.criteria_create_default(year=cast.year) == len(services.DEFAULT_CRITERIA)
    assert services.criteria_create_default(year=cast.year) == 0


def test_an_agreed_action_becomes_a_measure_of_the_schools_draft_roadmap(cast):
    from roadmaps.models import Measure

    doc = h.confirmed_roadmap(cast)
    doc.status = "draft"
    doc.save()
    section = doc.sections.get()
    action = VisitAction.objects.create(
        visit=h.visit(cast), text="Открытые уроки для родителей", responsible="Завуч", due_on=datetime.date(2026, 4, 1)
    )
    page = login(cast.director).get(reverse("curators:visit_detail", args=[action.visit_id])).content.decode()
    assert "В дорожную карту" in page
    response = login(cast.director).post(
        reverse("curators:visit_action_promote", args=[action.pk]), {"section": section.pk}
    )
    action.refresh_from_db()
    measure = Measure.objects.get(pk=action.roadmap_measure_id)
    assert response.status_code == 302
    assert (measure.section, measure.title, measure.responsible) == (section, "Открытые уроки для родителей", "Завуч")
    assert measure.ends_on == datetime.date(2026, 4, 1)


def test_a_confirmed_roadmap_is_locked_and_the_action_stays_in_the_visit_log(cast):
    doc = h.confirmed_roadmap(cast)
    action = VisitAction.objects.create(visit=h.visit(cast), text="Провести педсовет")
    response = login(cast.curator).post(
        reverse("curators:visit_action_promote", args=[action.pk]), {"section": doc.sections.get().pk}, follow=True
    )
    action.refresh_from_db()
    assert action.roadmap_measure_id is None
    assert "подтверждён и заблокирован" in response.content.decode()


def test_an_action_cannot_go_into_another_schools_roadmap(cast):
    other = h.confirmed_roadmap(cast, cast.school_b)
    other.status = "draft"
    other.save()
    action = VisitAction.objects.create(visit=h.visit(cast), text="Провести педсовет")
    with pytest.raises(ValidationError, match="Выберите раздел"):
        services.visit_action_to_measure(action=action, by=cast.curator, section_id=other.sections.get().pk)


def test_the_school_sees_its_visits_marked_new_until_opened(cast):
    visit = h.visit(cast)
    client = login(cast.director)
    assert "новое" in client.get(reverse("curators:visit_list", args=[cast.school_a.pk])).content.decode()
    open_page(client, reverse("curators:visit_detail", args=[visit.pk]))
    assert "новое" not in client.get(reverse("curators:visit_list", args=[cast.school_a.pk])).content.decode()


def test_the_curators_calendar_shows_the_visit_on_its_day(cast):
    h.visit(cast, held_on=datetime.date(2026, 3, 5))
    response = login(cast.curator).get(
        reverse("curators:curator_calendar", args=[cast.curator.pk]), {"month": "2026-03"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert cast.school_a.short_name in body
    assert "Март 2026" in body


def test_the_municipal_calendar_does_not_show_visits_of_another_municipality(cast):
    h.visit(cast, held_on=datetime.date(2026, 3, 5))
    h.visit(cast, cast.school_c, held_on=datetime.date(2026, 3, 6))
    body = (
        login(cast.municipal)
        .get(reverse("curators:municipality_calendar", args=[cast.mun_a.pk]), {"month": "2026-03"})
        .content.decode()
    )
    assert cast.school_a.short_name in body
    assert cast.school_c.short_name not in body


def test_a_bad_month_parameter_falls_back_to_the_current_month(cast):
    response = login(cast.curator).get(reverse("curators:curator_calendar", args=[cast.curator.pk]), {"month": "март"})
    assert response.status_code == 200
