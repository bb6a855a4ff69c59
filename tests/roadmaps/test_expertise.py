"""The rubric, the curator's evaluation and the federal selective expertise."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps import services
from roadmaps.models import Evaluation, ExpertiseItem, Zone
from schools.models import RoleAssignment
from surveys.models import RiskActivation
from tests import factories as f
from tests.conftest import login

from .conftest import fill_roadmap

ALL_TWO = {"goals": 2, "indicators": 2, "monitoring": 2, "analysis": 2, "measures": 2, "effectiveness": 2}


def test_the_years_rubric_has_the_six_components_of_the_management_cycle(cast):
    rubric = services.rubric_for_year(year=cast.year)
    assert [c.title for c in rubric.criteria.all()] == [
        "Цели",
        "Показатели и методы сбора информации",
        "Мониторинг",
        "Анализ и адресные рекомендации",
        "Меры и управленческие решения",
        "Анализ эффективности принятых мер",
    ]
    assert services.rubric_for_year(year=cast.year) == rubric


@pytest.mark.parametrize(
    ("total", "zone"),
    [(12, Zone.GREEN), (10, Zone.GREEN), (9, Zone.YELLOW), (6, Zone.YELLOW), (5, Zone.RED), (0, Zone.RED)],
)
def test_the_colour_zone_follows_the_total(cast, total, zone):
    assert services.zone_for(rubric=services.rubric_for_year(year=cast.year), total=total) == zone


def test_the_curator_scores_a_confirmed_roadmap(cast, confirmed):
    scores = ALL_TWO | {"effectiveness": 0, "monitoring": 1}
    data = {f"score_{k}": v for k, v in scores.items()} | {"comment": "Цикл почти полный"}
    response = login(cast.curator).post(reverse("roadmaps:evaluation_edit", kwargs={"pk": confirmed.pk}), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.total, evaluation.zone, evaluation.source) == (9, Zone.YELLOW, "curator")
    # Scoring again replaces the curator's scores for the same version.
    login(cast.curator).post(
        reverse("roadmaps:evaluation_edit", kwargs={"pk": confirmed.pk}), {f"score_{k}": 2 for k in ALL_TWO}
    )
    assert Evaluation.objects.get().total == 12


def test_an_unconfirmed_document_cannot_be_scored(cast, submitted):
    with pytest.raises(ValidationError, match="подтверждённый"):
        services.evaluation_save(document=submitted, by=cast.curator, scores=ALL_TWO)


def test_a_missing_or_out_of_range_score_is_refused(cast, confirmed):
    with pytest.raises(ValidationError, match="Не выставлен балл"):
        services.evaluation_save(document=confirmed, by=cast.curator, scores=ALL_TWO | {"goals": ""})
    with pytest.raises(ValidationError, match="от 0 до 2"):
        services.evaluation_save(document=confirmed, by=cast.curator, scores=ALL_TWO | {"goals": 3})


@pytest.fixture
def many_confirmed(cast, directions):
    """Seven confirmed roadmaps in the home region, two in the foreign one."""
    schools = [cast.school_a, cast.school_b, cast.school_c]
    schools += [f.SchoolFactory(municipality=cast.mun_b) for _ in range(4)]
    foreign = [cast.foreign_school, f.SchoolFactory(municipality=cast.foreign_school.municipality)]
    for school in schools + foreign:
        if not school.participations.exists():
            f.ParticipationFactory(school=school, year=cast.year)
        for d in directions:
            RiskActivation.objects.get_or_create(school=school, direction=d)
        roadmap = fill_roadmap(school, cast.year, cast.director)
        services.document_submit(document=roadmap, by=cast.director)
        services.document_confirm(document=roadmap, by=cast.curator)
    return schools, foreign


def test_the_same_seed_draws_the_same_sample(cast, many_confirmed):
    a = services.sample_draw(year=cast.year, title="А", by=cast.federal, seed=42, count=3)
    b = services.sample_draw(year=cast.year, title="Б", by=cast.federal, seed=42, count=3)
    picked = lambda s: sorted(s.items.values_list("region_id", "school_id"))  # noqa: E731
    assert picked(a) == picked(b)
    assert a.items.filter(region=cast.region).count() == 3
    assert a.items.filter(region=cast.foreign_region).count() == 2  # fewer schools than the count: all of them
    seeds = {
        tuple(picked(services.sample_draw(year=cast.year, title="x", by=cast.federal, seed=s, count=3)))
        for s in range(8)
    }
    assert len(seeds) > 1


def test_a_share_is_rounded_up_per_region(cast, many_confirmed):
    sample = services.sample_draw(year=cast.year, title="Доля", by=cast.federal, seed=1, share=Decimal("0.3"))
    assert sample.items.filter(region=cast.region).count() == 3  # ceil(7 × 0.3)
    assert sample.items.filter(region=cast.foreign_region).count() == 1


def test_the_sample_pick_is_a_pure_function_of_seed_and_candidates():
    first = services.sample_pick(candidates=[5, 3, 9, 1, 7], region_id=1, seed=7, share=None, count=2)
    second = services.sample_pick(candidates=[9, 7, 5, 3, 1], region_id=1, seed=7, share=None, count=2)
    assert first == second


def test_share_and_count_are_mutually_exclusive(cast):
    with pytest.raises(ValidationError):
        services.sample_draw(year=cast.year, title="x", by=cast.federal, seed=1, share=Decimal("0.5"), count=2)
    with pytest.raises(ValidationError):
        services.sample_draw(year=cast.year, title="x", by=cast.federal, seed=1)


def test_an_assigned_expert_fills_the_rubric_and_the_region_downloads_results(cast, many_confirmed):
    sample = services.sample_draw(year=cast.year, title="Экспертиза", by=cast.federal, seed=3, count=2)
    item = sample.items.filter(region=cast.region).first()
    expert = f.UserFactory(email="expert@example.ru")
    services.expert_appoint(year=cast.year, by=cast.federal, email=expert.email)
    login(cast.federal).post(reverse("roadmaps:item_assign", kwargs={"pk": item.pk}), {"email": "expert@example.ru"})
    item.refresh_from_db()
    assert item.expert == expert
    assert login(cast.regional).get(reverse("roadmaps:item_evaluate", kwargs={"pk": item.pk})).status_code == 404
    response = login(expert).post(
        reverse("roadmaps:item_evaluate", kwargs={"pk": item.pk}),
        {f"score_{k}": 1 for k in ALL_TWO} | {"comment": "Средне"},
    )
    assert response.status_code == 302
    evaluation = ExpertiseItem.objects.get(pk=item.pk).evaluation
    assert (evaluation.total, evaluation.source, evaluation.evaluator) == (6, "expert", expert)

    export = login(cast.regional).get(
        reverse("roadmaps:sample_region_export", kwargs={"pk": sample.pk, "region_pk": cast.region.pk})
    )
    ws = load_workbook(io.BytesIO(export.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2
    assert ws["A1"].value == "Экспертиза — Смоленская область"
    assert any(row[1] == item.school.short_name and row[8] == 6 for row in rows)
    foreign = login(cast.regional).get(
        reverse("roadmaps:sample_region_export", kwargs={"pk": sample.pk, "region_pk": cast.foreign_region.pk})
    )
    assert foreign.status_code == 404


def test_only_a_federal_expert_of_the_year_is_assigned_to_a_sampled_school(cast, many_confirmed):
    sample = services.sample_draw(year=cast.year, title="Экспертиза", by=cast.federal, seed=3, count=1)
    item = sample.items.filter(region=cast.region).first()
    plain = f.UserFactory(email="not-an-expert@example.ru")
    with pytest.raises(ValidationError, match="не эксперт"):
        services.item_assign(item=item, expert=plain)
    response = login(cast.federal).post(
        reverse("roadmaps:expert_list"), {"email": "new.expert@example.ru", "last_name": "Экспертова"}
    )
    assert response.status_code == 302
    expert = RoleAssignment.objects.get(kind="expert", year=cast.year).user
    assert expert.email == "new.expert@example.ru"
    services.item_assign(item=item, expert=expert)
    assert [i.pk for i in expert.expertise_items.all()] == [item.pk]


def test_removing_an_expert_returns_their_unscored_schools_for_reassignment(cast, many_confirmed):
    sample = services.sample_draw(year=cast.year, title="Экспертиза", by=cast.federal, seed=3, count=1)
    item = sample.items.first()
    role = services.expert_appoint(year=cast.year, by=cast.federal, email="expert@example.ru", last_name="Экспертов")
    services.item_assign(item=item, expert=role.user)
    services.expert_remove(role=role, by=cast.federal)
    item.refresh_from_db()
    assert item.expert is None
    assert not RoleAssignment.objects.filter(kind="expert").exists()
