"""«Новый год проекта»: the federal template, the copy of a year with its dates moved, making a year current."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from curators.models import EvaluationCriterion, VisitRule
from monitoring.models import Difficulty
from roadmaps.models import Rubric
from schools import mfa, yearsetup
from schools.models import Participation, ProjectYear, RoleAssignment
from surveys.models import Questionnaire, RiskDirection, RiskProfile
from tests import factories as f
from yearcalendar import services as calendar
from yearcalendar.models import Milestone


@pytest.fixture
def first(db):
    return yearsetup.year_create(number=2026, source=None, by=None)


def test_a_first_year_from_the_federal_template_has_everything_a_year_needs(first):
    assert Milestone.objects.filter(year=first).count() == len(calendar.DEFAULT_CALENDAR)
    assert Milestone.objects.get(year=first, code="roadmaps_placed").due_on == datetime.date(2026, 3, 20)
    assert Milestone.objects.filter(year=first).exclude(indicator="").count() >= 8
    assert RiskDirection.objects.filter(year=first).count() == 10
    assert Questionnaire.objects.filter(year=first, is_active=True).count() == 6
    assert Rubric.objects.get(year=first).criteria.count() == 6
    assert VisitRule.objects.get(year=first).formation_from == datetime.date(2026, 3, 10)
    assert EvaluationCriterion.objects.filter(year=first).exists()
    assert Difficulty.objects.filter(year=first).count() == 7


def test_a_new_year_is_in_preparation_until_it_is_made_current(first):
    assert yearsetup.year_status(first, None) == "подготовка"
    yearsetup.year_make_current(year=first, by=None)
    second = yearsetup.year_create(number=2027, source=first, by=None)
    assert yearsetup.year_status(second, first) == "подготовка"
    yearsetup.year_make_current(year=second, by=None)
    first.refresh_from_db()
    assert not first.is_current
    assert yearsetup.year_status(first, second) == "завершён"


def test_a_copied_year_moves_the_dates_and_questionnaires_become_new_versions(first):
    Milestone.objects.filter(year=first, code="roadmaps_placed").update(due_on=datetime.date(2026, 3, 27))
    RiskDirection.objects.filter(year=first, code="parents").update(title="Родители вне школьной жизни")
    old_questionnaires = dict(Questionnaire.objects.filter(year=first).values_list("pk", "version"))
    second = yearsetup.year_create(number=2027, source=first, by=None)
    assert Milestone.objects.get(year=second, code="roadmaps_placed").due_on == datetime.date(2027, 3, 27)
    assert Milestone.objects.get(year=second, code="questionnaires").starts_on == datetime.date(2027, 1, 28)
    assert RiskDirection.objects.get(year=second, code="parents").title == "Родители вне школьной жизни"
    copies = Questionnaire.objects.filter(year=second, is_active=True)
    assert copies.count() == 6
    assert set(copies.values_list("version", flat=True)) == {2}
    assert not set(copies.values_list("pk", flat=True)) & set(old_questionnaires)
    assert dict(Questionnaire.objects.filter(year=first).values_list("pk", "version")) == old_questionnaires
    assert VisitRule.objects.get(year=second).implementation_from == datetime.date(2027, 4, 30)


def test_continuing_schools_and_coordinators_carry_over_and_the_old_year_is_untouched(first):
    staying, leaving = f.SchoolFactory(), f.SchoolFactory()
    for school in (staying, leaving):
        Participation.objects.create(school=school, year=first)
    regional = f.UserFactory()
    RoleAssignment.objects.create(user=regional, kind="regional", year=first, region=staying.municipality.region)
    RiskProfile.objects.create(school=staying, year=first)
    second = yearsetup.year_create(number=2027, source=first, by=None, continuing=[staying.pk])
    assert list(Participation.objects.filter(year=second).values_list("school", flat=True)) == [staying.pk]
    assert Participation.objects.filter(year=first).count() == 2
    assert RoleAssignment.objects.filter(user=regional, year=second, kind="regional").exists()
    assert RiskProfile.objects.filter(school=staying).count() == 1


def test_a_year_cannot_be_created_twice_or_copied_from_a_later_year(first):
    with pytest.raises(ValidationError, match="уже заведён"):
        yearsetup.year_create(number=2026, source=None, by=None)
    with pytest.raises(ValidationError, match="более ранний"):
        yearsetup.year_create(number=2025, source=first, by=None)
    assert ProjectYear.objects.count() == 1


def test_the_federal_coordinator_creates_a_year_from_the_template_on_the_page(cast, client):
    client.force_login(cast.federal)
    response = client.post(reverse("schools:year_create"), {"number": 2030, "source": ""})
    assert response.status_code == 302
    year = ProjectYear.objects.get(year=2030)
    assert not year.is_current
    assert Milestone.objects.filter(year=year).count() == len(calendar.DEFAULT_CALENDAR)
    assert RoleAssignment.objects.filter(user=cast.federal, kind="federal", year=year).exists()


def test_the_copy_form_lists_last_years_schools_ticked_and_keeps_only_the_ticked_ones(cast, client):
    client.force_login(cast.admin)
    page = client.get(reverse("schools:year_create"), {"source": cast.year.pk})
    assert cast.school_a.short_name in page.content.decode()
    assert page.context["form"].initial["continuing"] == [s.pk for s in page.context["schools"]]
    client.post(
        reverse("schools:year_create"),
        {"number": 2027, "source": cast.year.pk, "continuing": [cast.school_a.pk, cast.school_c.pk]},
    )
    year = ProjectYear.objects.get(year=2027)
    assert set(Participation.objects.filter(year=year).values_list("school", flat=True)) == {
        cast.school_a.pk,
        cast.school_c.pk,
    }


def test_the_federal_calendar_dates_are_edited_on_a_page_and_a_start_after_the_due_date_is_refused(first, client):
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    mfa.totp_activate(user=admin)
    client.force_login(admin)
    milestones = list(Milestone.objects.filter(year=first))
    data = {}
    for m in milestones:
        data[f"starts_{m.pk}"] = m.starts_on.isoformat() if m.starts_on else ""
        data[f"due_{m.pk}"] = m.due_on.isoformat()
    target = Milestone.objects.get(year=first, code="roadmaps_placed")
    data[f"due_{target.pk}"] = "2026-03-25"
    response = client.post(reverse("yearcalendar:calendar_edit", args=[first.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.due_on == datetime.date(2026, 3, 25)
    data[f"starts_{target.pk}"] = "2026-04-01"
    response = client.post(reverse("yearcalendar:calendar_edit", args=[first.pk]), data)
    assert response.status_code == 400
    assert "дата начала позже срока" in response.content.decode()
    target.refresh_from_db()
    assert target.starts_on is None


def test_a_second_year_one_school_continues_one_leaves_by_the_synchronising_import_one_is_new(cast):
    import io

    from schools import importing
    from tests.factories import next_inn
    from tests.schools.xlsx import SCHOOL_HEADERS, school_row, xlsx

    second = yearsetup.year_create(
        number=2027, source=cast.year, by=cast.federal, continuing=[cast.school_a.pk, cast.school_b.pk]
    )
    yearsetup.year_make_current(year=second, by=cast.federal)
    new_inn = next_inn()
    rows = [
        school_row(
            "Смоленская область",
            "Краснинский район",
            cast.school_a.inn,
            1,
            **{"Краткое наименование": cast.school_a.short_name},
        ),
        school_row("Смоленская область", "Краснинский район", new_inn, 2),
    ]
    result = importing.run(
        kind="schools", file=io.BytesIO(xlsx([SCHOOL_HEADERS, *rows])), year=second, region=cast.region, sync=True
    )
    assert result.applied, [str(p) for p in result.problems]
    assert [d["name"] for d in result.details if d["action"] == "left"] == [cast.school_b.short_name]
    assert set(Participation.objects.filter(year=second).values_list("school__inn", flat=True)) == {
        cast.school_a.inn,
        new_inn,
    }
    # 2026 is untouched: all four schools still took part in it.
    assert Participation.objects.filter(year=cast.year).count() == 4
