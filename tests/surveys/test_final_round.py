"""The final diagnosis: the same questionnaires answered again in the final window, scored with the same method
and anonymity minimum, stored beside the first profile (docs/risk-method.md, «Итоговая диагностика»)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from surveys import loading, scoring, selectors, services
from surveys.models import DiagnosisRound, FinalRiskEntry, RespondentGroup, Response, RiskActivation, RiskLevel

from . import helpers
from .test_collection import respondent, valid_answers
from .test_scoring import DEFINITION, answer, entry


@pytest.fixture
def diag(cast):
    """The hand-made definition of the first round's scoring test."""
    loading.questionnaires_load(year=cast.year, data=DEFINITION)
    return cast


def final_answer(cast, group, by_code, **kwargs):
    response = answer(cast, group, by_code, **kwargs)
    Response.objects.filter(pk=response.pk).update(round=DiagnosisRound.FINAL)
    response.answers.update(round=DiagnosisRound.FINAL)
    return response


def test_final_answers_give_hand_computed_scores_beside_the_unchanged_first_profile(diag):
    c = diag
    # The first diagnosis: teachers 70, parents 40 → (70×1 + 40×3)/4 = 47.5, medium.
    for choice in ("нет", "нет", "частично", "да", "нет"):
        answer(c, RespondentGroup.TEACHER, {"q1": choice})
    for chosen in (["А", "Б"], ["ничего"], ["А"], ["А", "Б", "В", "Г"], ["В"]):
        answer(c, RespondentGroup.PARENT, {"m1": chosen})
    scoring.profiles_recompute(year=c.year, school_ids=[c.school_a.pk])
    # The final diagnosis: teachers частично, да, да, нет, частично → (0.5+0+0+1+0.5)/5 = 0.4 → 40;
    # parents {ничего}, {А}, {ничего}, {А,Б}, {ничего} → (0+0.25+0+0.5+0)/5 = 0.15 → 15;
    # direction (40×1 + 15×3)/4 = 21.25 → 21.2 (one decimal, half to even) → low.
    for choice in ("частично", "да", "да", "нет", "частично"):
        final_answer(c, RespondentGroup.TEACHER, {"q1": choice})
    for chosen in (["ничего"], ["А"], ["ничего"], ["А", "Б"], ["ничего"]):
        final_answer(c, RespondentGroup.PARENT, {"m1": chosen})

    assert scoring.final_scores_recompute(year=c.year, school_ids=[c.school_a.pk]) == 1

    final = FinalRiskEntry.objects.get(school=c.school_a, year=c.year, direction__code="equipment")
    assert final.indicators == {"t_equip": 40.0, "p_equip": 15.0}
    assert final.score == Decimal("21.2")
    assert final.level == RiskLevel.LOW
    assert final.responses == 10
    # The first profile is not touched by the final answers, and a recompute of it ignores them.
    scoring.profiles_recompute(year=c.year, school_ids=[c.school_a.pk])
    first = entry(c.school_a, c.year, "equipment")
    assert first.score == Decimal("47.5")
    assert first.indicators == {"t_equip": 70.0, "p_equip": 40.0}


def test_the_final_round_keeps_the_anonymity_minimum(diag):
    c = diag
    for choice in ("нет", "нет", "нет", "нет"):  # four teachers: under the minimum of five
        final_answer(c, RespondentGroup.TEACHER, {"q1": choice})
    scoring.final_scores_recompute(year=c.year, school_ids=[c.school_a.pk])
    final = FinalRiskEntry.objects.get(school=c.school_a, year=c.year, direction__code="equipment")
    assert final.indicators == {"t_equip": None}
    assert final.score is None
    assert final.level == RiskLevel.NODATA


def test_a_school_without_final_answers_gets_no_final_entries(diag):
    c = diag
    answer(c, RespondentGroup.TEACHER, {"q1": "нет"})
    assert scoring.final_scores_recompute(year=c.year) == 0
    assert not FinalRiskEntry.objects.exists()


def test_risk_changes_read_start_and_end_of_the_activated_directions(diag):
    c = diag
    for choice in ("нет",) * 5:
        answer(c, RespondentGroup.TEACHER, {"q1": choice})
    for choice in ("да",) * 5:
        final_answer(c, RespondentGroup.TEACHER, {"q1": choice})
    scoring.profiles_recompute(year=c.year, school_ids=[c.school_a.pk])
    scoring.final_scores_recompute(year=c.year, school_ids=[c.school_a.pk])
    direction = entry(c.school_a, c.year, "equipment").direction
    RiskActivation.objects.create(school=c.school_a, direction=direction)

    (change,) = selectors.risk_changes(year=c.year, school_ids=[c.school_a.pk])[c.school_a.pk]

    assert (change.start, change.end, change.delta) == (Decimal("100.0"), Decimal("0.0"), Decimal("-100.0"))
    assert change.trend == "fell"
    assert change.label == "риск снизился"


@pytest.mark.parametrize(
    ("start", "end", "trend"),
    [("50", "45.1", "same"), ("50", "45", "fell"), ("50", "55", "rose"), ("50", None, "nodata")],
)
def test_a_change_under_five_points_reads_as_not_changed(start, end, trend):
    change = selectors.RiskChange(1, None, Decimal(start), None if end is None else Decimal(end))
    assert change.trend == trend


def test_in_the_final_window_a_public_link_records_a_final_answer(cast):
    helpers.setup(cast, window=False)
    helpers.open_final_window(cast.year)
    link = helpers.link(cast, group=RespondentGroup.TEACHER)
    url = reverse("surveys:respond", args=[link.token])
    assert Client().get(url).status_code == 200

    posted = respondent().post(url, valid_answers(cast))

    assert posted.status_code == 302
    response = Response.objects.get(school=cast.school_a)
    assert response.round == DiagnosisRound.FINAL
    assert set(response.answers.values_list("round", flat=True)) == {DiagnosisRound.FINAL}


def test_curator_candidates_answer_only_in_the_first_window(cast):
    helpers.setup(cast, window=False)
    helpers.open_final_window(cast.year)
    with pytest.raises(ValidationError):
        services.window_round(year=cast.year, group="curator", region=cast.region.pk)


def test_when_both_windows_are_closed_the_respondent_is_told(cast):
    helpers.setup(cast, window=False)
    helpers.close_window(cast.year)
    with pytest.raises(ValidationError, match="завершено"):
        services.window_round(year=cast.year, group="teacher", region=cast.region.pk)


def test_the_director_answers_again_in_the_final_round(diag):
    c = diag
    answer(c, RespondentGroup.DIRECTOR, {"s1": "2"}, by=c.director)
    questionnaire = selectors.active_questionnaire(year=c.year, group=RespondentGroup.DIRECTOR)
    structure = selectors.questionnaire_structure(questionnaire)
    field = next(q.field_name for q in structure.questions if q.code == "n1")
    services.response_submit(
        questionnaire=questionnaire,
        structure=structure,
        cleaned={field: 2},
        school=c.school_a,
        by=c.director,
        diagnosis=DiagnosisRound.FINAL,
    )
    with pytest.raises(ValidationError):
        services.response_submit(
            questionnaire=questionnaire,
            structure=structure,
            cleaned={field: 2},
            school=c.school_a,
            by=c.director,
            diagnosis=DiagnosisRound.FINAL,
        )
    assert Response.objects.filter(school=c.school_a, group="director").count() == 2


def test_the_school_diagnosis_page_shows_the_final_round_apart_from_the_first(diag, client_for):
    c = diag
    helpers.open_final_window(c.year)
    for choice in ("нет",) * 6:
        final_answer(c, RespondentGroup.TEACHER, {"q1": choice})
    page = client_for(c.director).get(reverse("surveys:school_diagnosis", args=[c.school_a.pk]))
    assert page.context["final_completion"].groups[0].received == 6
    assert page.context["completion"].groups[0].received == 0
    assert "Итоговая диагностика" in page.text


def test_the_federal_coordinator_computes_the_final_diagnosis_from_the_year_page(diag, client_for):
    c = diag
    for choice in ("нет",) * 5:
        final_answer(c, RespondentGroup.TEACHER, {"q1": choice})
    response = client_for(c.federal).post(reverse("surveys:year_final_recompute"), follow=True)
    assert "Итоговая диагностика рассчитана" in response.text
    final = FinalRiskEntry.objects.get(school=c.school_a, direction__code="equipment")
    assert final.score == Decimal("100.0")
