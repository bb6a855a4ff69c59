"""The municipal support plan: the municipal coordinator writes it, the region approves or returns it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import MunicipalMeasure, MunicipalPlan
from monitoring.services import support_plans as services
from notifications.models import Notification
from tests.conftest import login


def _add(cast, **kw):
    return services.measure_add(
        year=cast.year,
        municipality=cast.mun_a,
        title="Методический десант в школу",
        responsible="Отдел образования",
        due_on=datetime.date(2026, 4, 1),
        **kw,
    )


def test_the_municipal_coordinator_adds_measures_for_its_schools_and_sends_the_plan(cast):
    client = login(cast.municipal)
    url = reverse("monitoring:support_measure_create", args=[cast.mun_a.pk])
    client.post(
        url,
        {
            "title": "Семинар для директоров",
            "school": cast.school_a.pk,
            "responsible": "ММС",
            "due_on": "15.04.2026",
        },
    )
    measure = MunicipalMeasure.objects.get()
    assert (measure.school, measure.due_on) == (cast.school_a, datetime.date(2026, 4, 15))
    client.post(reverse("monitoring:support_plan_submit", args=[cast.mun_a.pk]))
    assert MunicipalPlan.objects.get().status == MunicipalPlan.Status.SUBMITTED
    assert Notification.objects.filter(user=cast.regional, title__contains="ждёт утверждения").exists()


def test_a_school_of_another_municipality_is_refused(cast):
    with pytest.raises(ValidationError, match="не из этого муниципалитета"):
        _add(cast, school=cast.school_c)


def test_the_region_returns_with_a_reason_then_approves_and_the_plan_is_locked(cast):
    _add(cast)
    plan = services.plan_submit(plan=MunicipalPlan.objects.get(), by=cast.municipal)
    regional = login(cast.regional)
    response = regional.post(
        reverse("monitoring:support_plan_return", args=[cast.mun_a.pk]), {"reason": ""}, follow=True
    )
    assert "Укажите причину возврата" in response.content.decode()
    regional.post(reverse("monitoring:support_plan_return", args=[cast.mun_a.pk]), {"reason": "Нет сроков визитов"})
    plan.refresh_from_db()
    assert plan.status == MunicipalPlan.Status.RETURNED
    page = login(cast.municipal).get(reverse("monitoring:support_plan_detail", args=[cast.mun_a.pk]))
    assert "Нет сроков визитов" in page.content.decode()
    _add(cast)
    services.plan_submit(plan=plan, by=cast.municipal)
    regional.post(reverse("monitoring:support_plan_approve", args=[cast.mun_a.pk]))
    plan.refresh_from_db()
    assert plan.status == MunicipalPlan.Status.APPROVED and plan.reviewed_by == cast.regional
    with pytest.raises(ValidationError, match="изменить его нельзя"):
        _add(cast)
    # Statuses of measures are still tracked after approval.
    measure = plan.measures.first()
    login(cast.municipal).post(reverse("monitoring:support_measure_status", args=[measure.pk]), {"status": "done"})
    measure.refresh_from_db()
    assert measure.status == "done"


def test_an_empty_plan_is_not_sent(cast):
    plan = MunicipalPlan.objects.create(year=cast.year, municipality=cast.mun_a)
    with pytest.raises(ValidationError, match="нет ни одного"):
        services.plan_submit(plan=plan, by=cast.municipal)
