import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import PlanEvent, PlanMonitoring, RegionalPlan
from monitoring.services import planning
from notifications.models import Notification
from tests.conftest import get_writing_nothing, login
from yearcalendar.models import RegionalMilestone


def test_regional_coordinator_builds_and_submits_the_plan(calendar, cast):
    client = login(cast.regional)
    page = get_writing_nothing(client, reverse("monitoring:plan_region", args=[cast.region.pk])).content.decode()
    assert not RegionalPlan.objects.exists()
    assert reverse("monitoring:plan_start", args=[cast.region.pk]) in page
    response = client.post(reverse("monitoring:plan_start", args=[cast.region.pk]))
    plan = RegionalPlan.objects.get(region=cast.region, year=cast.year)
    assert response["Location"] == reverse("monitoring:plan_detail", args=[plan.pk])
    assert client.get(reverse("monitoring:plan_region", args=[cast.region.pk]))["Location"] == response["Location"]
    client.post(reverse("monitoring:plan_fill", args=[plan.pk]))
    assert plan.events.count() == len(planning.TEMPLATE) == 18
    assert plan.events.get(number=12).due_on == datetime.date(2026, 3, 22)
    client.post(
        reverse("monitoring:plan_event_create", args=[plan.pk]),
        {"description": "Региональный семинар", "due_on": "01.04.2026", "responsible": "ГАУ ДПО СОИРО"},
    )
    assert plan.events.get(number=19).responsible == "ГАУ ДПО СОИРО"
    client.post(reverse("monitoring:plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == RegionalPlan.Status.SUBMITTED
    assert Notification.objects.filter(user=cast.federal, kind="plan_submitted").exists()
    # A sent plan takes no new events.
    response = client.post(
        reverse("monitoring:plan_event_create", args=[plan.pk]),
        {"description": "Ещё", "due_on": "01.04.2026", "responsible": "РК"},
        follow=True,
    )
    assert "уже направлен" in response.content.decode()
    assert plan.events.count() == 19


def test_plan_without_responsible_is_not_submitted(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    planning.plan_event_create(plan=plan, description="Семинар", due_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="ответственный"):
        planning.plan_submit(plan=plan, by=cast.regional)


def test_empty_plan_is_not_submitted(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    with pytest.raises(ValidationError, match="нет ни одного"):
        planning.plan_submit(plan=plan, by=cast.regional)


@pytest.mark.parametrize(
    ("score", "zone"), [(0, "red"), (2, "red"), (3, "yellow"), (4, "yellow"), (5, "green"), (6, "green")]
)
def test_federal_score_gives_a_colour_zone(cast, score, zone):
    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.SUBMITTED)
    response = login(cast.federal).post(reverse("monitoring:plan_score", args=[plan.pk]), {"score": score})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.score == score and plan.zone == zone
    assert Notification.objects.filter(user=cast.regional, kind="plan_scored").exists()


def test_score_out_of_range_is_refused(cast):
    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.SUBMITTED)
    response = login(cast.federal).post(reverse("monitoring:plan_score", args=[plan.pk]), {"score": 7}, follow=True)
    assert "Оценка (0–6)" in response.content.decode()
    plan.refresh_from_db()
    assert plan.score is None


def test_a_draft_is_not_scored(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    with pytest.raises(ValidationError, match="направленный"):
        planning.plan_score(plan=plan, score=5, comment="", by=cast.federal)


def test_share_of_events_done_is_recorded_at_the_region_monitoring_dates(calendar, cast):
    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.SUBMITTED)
    for n, (due, status) in enumerate(
        [((1, 3), "done"), ((1, 4), "done"), ((1, 5), "planned"), ((1, 8), "done"), ((1, 12), "planned")], start=1
    ):
        PlanEvent.objects.create(
            plan=plan,
            number=n,
            description=f"М{n}",
            due_on=datetime.date(2026, due[1], due[0]),
            status=status,
            responsible="РК",
        )
    # The region moved its first monitoring from 21.06 to 30.06.
    RegionalMilestone.objects.create(
        milestone=cast.year.milestones.get(code="regional_monitoring_1"),
        region=cast.region,
        due_on=datetime.date(2026, 6, 30),
    )
    assert planning.plan_monitoring_record(year=cast.year, today=datetime.date(2026, 6, 25)) == 0
    assert planning.plan_monitoring_record(year=cast.year, today=datetime.date(2026, 7, 1)) == 1
    record = PlanMonitoring.objects.get(plan=plan, milestone_code="regional_monitoring_1")
    assert (record.done, record.due, record.total) == (2, 3, 5)
    # Later changes do not rewrite the record; the second stage is recorded at its own date.
    plan.events.update(status="done")
    assert planning.plan_monitoring_record(year=cast.year, today=datetime.date(2026, 9, 21)) == 1
    record.refresh_from_db()
    assert record.done == 2
    assert PlanMonitoring.objects.get(plan=plan, milestone_code="regional_monitoring_2").done == 4


def test_event_status_is_tracked_after_submission(cast):
    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.SUBMITTED)
    event = PlanEvent.objects.create(plan=plan, number=1, description="М", due_on=datetime.date(2026, 3, 1))
    login(cast.regional).post(reverse("monitoring:plan_event_status", args=[event.pk]), {"status": "done"})
    event.refresh_from_db()
    assert event.status == "done" and event.done_on is not None


def test_events_of_a_draft_can_be_deleted_but_not_after_submission(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    event = planning.plan_event_create(
        plan=plan, description="Лишнее", due_on=datetime.date(2026, 3, 1), responsible="РК"
    )
    client = login(cast.regional)
    client.post(reverse("monitoring:plan_event_delete", args=[event.pk]))
    assert not plan.events.exists()
    event = planning.plan_event_create(
        plan=plan, description="Нужное", due_on=datetime.date(2026, 3, 1), responsible="РК"
    )
    planning.plan_submit(plan=plan, by=cast.regional)
    response = client.post(reverse("monitoring:plan_event_delete", args=[event.pk]), follow=True)
    assert "уже направлен" in response.content.decode()
    assert plan.events.count() == 1


def test_the_template_takes_the_regions_own_dates_not_yaroslavls(calendar, cast):
    seminar = cast.year.milestones.get(code="seminar")
    RegionalMilestone.objects.create(milestone=seminar, region=cast.region, due_on=datetime.date(2026, 2, 20))
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    planning.plan_fill_from_template(plan=plan)
    by_code = {e.milestone_code: e for e in plan.events.all()}
    assert by_code["seminar"].due_on == datetime.date(2026, 2, 20)  # the region's own date
    assert by_code["profiles_published"].due_on == datetime.date(2026, 2, 24)  # federal, not Yaroslavl's 02.03
    assert by_code["first_visit"].due_on == datetime.date(2026, 3, 10)  # federal, not Yaroslavl's 15.03
    foreign = planning.plan_get_or_create(year=cast.year, region=cast.foreign_region)
    planning.plan_fill_from_template(plan=foreign)
    assert foreign.events.get(milestone_code="seminar").due_on == datetime.date(2026, 2, 15)


def test_events_are_edited_while_the_plan_is_a_draft_and_locked_once_sent(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    event = planning.plan_event_create(plan=plan, description="Семинар", due_on=datetime.date(2026, 3, 1))
    client = login(cast.regional)
    url = reverse("monitoring:plan_event_update", args=[event.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"description": "Семинар для директоров", "due_on": "05.03.2026", "responsible": "СОИРО"})
    event.refresh_from_db()
    assert (event.description, event.due_on, event.responsible) == (
        "Семинар для директоров",
        datetime.date(2026, 3, 5),
        "СОИРО",
    )
    planning.plan_submit(plan=plan, by=cast.regional)
    response = client.post(url, {"description": "Другое", "due_on": "05.03.2026", "responsible": "РК"}, follow=True)
    assert "уже направлен" in response.content.decode()
    event.refresh_from_db()
    assert event.description == "Семинар для директоров"


def test_the_federal_coordinator_returns_the_plan_with_a_reason_and_the_region_resends_it(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    planning.plan_event_create(plan=plan, description="Семинар", due_on=datetime.date(2026, 3, 1), responsible="РК")
    planning.plan_submit(plan=plan, by=cast.regional)
    client = login(cast.federal)
    response = client.post(reverse("monitoring:plan_return", args=[plan.pk]), {"reason": "мало"}, follow=True)
    assert "Укажите причину возврата" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == RegionalPlan.Status.SUBMITTED
    client.post(reverse("monitoring:plan_return", args=[plan.pk]), {"reason": "Нет мероприятий для муниципалитетов"})
    plan.refresh_from_db()
    assert plan.status == RegionalPlan.Status.RETURNED and plan.is_editable
    assert Notification.objects.filter(user=cast.regional, title__contains="Нет мероприятий для муниципалитетов")
    page = login(cast.regional).get(reverse("monitoring:plan_detail", args=[plan.pk])).content.decode()
    assert "Нет мероприятий для муниципалитетов" in page
    planning.plan_event_create(
        plan=plan, description="Совещание МО", due_on=datetime.date(2026, 4, 1), responsible="РК"
    )
    planning.plan_submit(plan=plan, by=cast.regional)
    assert Notification.objects.filter(user=cast.federal, kind="plan_submitted").count() == 2
    planning.plan_score(plan=plan, score=5, comment="", by=cast.federal)
    with pytest.raises(ValidationError, match="Вернуть можно только"):
        planning.plan_return(plan=plan, reason="Ещё раз по той же причине", by=cast.federal)


def test_a_returned_plan_does_not_count_as_sent(cast):
    from monitoring.services import indicators as ind

    plan = RegionalPlan.objects.create(year=cast.year, region=cast.region, status=RegionalPlan.Status.RETURNED)
    facts = ind.region_facts(year=cast.year, region_ids=[cast.region.pk], today=datetime.date(2026, 3, 25))
    assert facts[plan.region_id]["regional_plan"] == (0, 1)


def test_the_region_records_its_order_number_and_date(cast):
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    client = login(cast.regional)
    response = client.post(
        reverse("monitoring:plan_order", args=[plan.pk]), {"order_number": "20/01-04", "order_date": "01.02.2026"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.order_label == "№ 20/01-04 от 01.02.2026"
    response = client.post(reverse("monitoring:plan_order", args=[plan.pk]), {"order_number": "5"}, follow=True)
    assert "Дата приказа" in response.content.decode()


def test_the_plan_page_shows_the_indicators_measured_for_each_calendar_step(calendar, cast):
    from django.utils import timezone

    from surveys.models import RiskProfile

    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    plan = planning.plan_get_or_create(year=cast.year, region=cast.region)
    planning.plan_fill_from_template(plan=plan)
    page = login(cast.regional).get(reverse("monitoring:plan_detail", args=[plan.pk])).content.decode()
    assert "Доля ОО со сформированным рисковым профилем: 1 из 3" in page
    assert "Доля ОО, разместивших дорожные карты в срок: 0 из 3" in page
