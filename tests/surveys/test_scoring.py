"""Scoring on hand-made answer sets whose levels are worked out by hand (docs/risk-method.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import loading, scoring, selectors, services
from surveys.models import Answer, RespondentGroup, RiskLevel, RiskProfile

from . import helpers

DEFINITION = {
    "year": 2026,
    "method": {"version": "test.1", "high_from": 60, "medium_from": 35},
    "indicators": [
        {"code": "t_equip", "title": "Оснащение (педагоги)", "direction": "equipment", "weight": 1},
        {"code": "p_equip", "title": "Оснащение (родители)", "direction": "equipment", "weight": 3},
        {"code": "d_motiv", "title": "Мотивация (директор)", "direction": "motivation", "weight": 1},
    ],
    "questionnaires": [
        {
            "group": "teacher",
            "title": "Педагоги",
            "sections": [
                {
                    "title": "Раздел",
                    "questions": [
                        {
                            "code": "q1",
                            "kind": "single",
                            "text": "Хватает ли оборудования?",
                            "options": [
                                {"code": "yes", "text": "да", "risk": {"t_equip": 0}},
                                {"code": "partly", "text": "частично", "risk": {"t_equip": 0.5}},
                                {"code": "no", "text": "нет", "risk": {"t_equip": 1}},
                            ],
                        },
                        {"code": "q2", "kind": "text", "text": "Комментарий", "required": False},
                    ],
                }
            ],
        },
        {
            "group": "parent",
            "title": "Родители",
            "sections": [
                {
                    "title": "Раздел",
                    "questions": [
                        {
                            "code": "m1",
                            "kind": "multiple",
                            "text": "Чего не хватает?",
                            "options": [
                                {"code": "a", "text": "А", "risk": {"p_equip": 1}},
                                {"code": "b", "text": "Б", "risk": {"p_equip": 1}},
                                {"code": "c", "text": "В", "risk": {"p_equip": 1}},
                                {"code": "d", "text": "Г", "risk": {"p_equip": 1}},
                                {"code": "none", "text": "ничего", "risk": {}},
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "group": "director",
            "title": "Директор",
            "sections": [
                {
                    "title": "Раздел",
                    "questions": [
                        {
                            "code": "s1",
                            "kind": "scale",
                            "text": "Ученики хотят учиться",
                            "indicator": "d_motiv",
                            "risky_end": "low",
                            "labels": ["нет", "скорее нет", "не знаю", "скорее да", "да"],
                        },
                        {
                            "code": "n1",
                            "kind": "number",
                            "text": "Сколько вакансий?",
                            "min": 0,
                            "max": 50,
                            "bands": [
                                {"code": "z", "text": "0", "low": 0, "high": 0, "risk": {}},
                                {"code": "m", "text": "1+", "low": 1, "high": 50, "risk": {}},
                            ],
                        },
                    ],
                }
            ],
        },
    ],
}


@pytest.fixture
def diag(cast):
    loading.questionnaires_load(year=cast.year, data=DEFINITION)
    return cast


def answer(cast, group, by_code: dict, school=None, by=None):
    """Submits one questionnaire through the service, answers given by question and option codes."""
    questionnaire = selectors.active_questionnaire(year=cast.year, group=group)
    structure = selectors.questionnaire_structure(questionnaire)
    cleaned = {}
    for q in structure.questions:
        if q.code not in by_code:
            continue
        value = by_code[q.code]
        options = {o.text.split(" — ")[0] if q.kind == "scale" else o.text: o.id for o in q.options}
        if q.kind == "multiple":
            cleaned[q.field_name] = [str(options[v]) for v in value]
        elif q.kind in ("single", "scale"):
            cleaned[q.field_name] = str(options[value])
        else:
            cleaned[q.field_name] = value
    return services.response_submit(
        questionnaire=questionnaire, structure=structure, cleaned=cleaned, school=school or cast.school_a, by=by
    )


def entry(school, year, code):
    return RiskProfile.objects.get(school=school, year=year).entries.get(direction__code=code)


def test_five_teachers_and_five_parents_give_the_hand_computed_scores_and_levels(diag):
    c = diag
    # teachers: нет, нет, частично, да, нет → (1+1+0.5+0+1)/5 = 0.7 → 70
    for choice in ("нет", "нет", "частично", "да", "нет"):
        answer(c, RespondentGroup.TEACHER, {"q1": choice, "q2": "пишу что-то"})
    # parents: 4 problem options, weights 1/4 each: {А,Б} .5, {ничего} 0, {А} .25, {А,Б,В,Г} 1, {В} .25 → 2/5 = .4 → 40
    for chosen in (["А", "Б"], ["ничего"], ["А"], ["А", "Б", "В", "Г"], ["В"]):
        answer(c, RespondentGroup.PARENT, {"m1": chosen})
    # director: scale «скорее нет» (2 of 5, low end risky) → (5-2)/4 = .75 → 75
    answer(c, RespondentGroup.DIRECTOR, {"s1": "2", "n1": 3}, by=c.director)

    assert scoring.profiles_recompute(year=c.year, school_ids=[c.school_a.pk]) == 1

    equipment = entry(c.school_a, c.year, "equipment")
    assert equipment.indicators == {"t_equip": 70.0, "p_equip": 40.0}
    # weighted: (70·1 + 40·3) / 4 = 47.5 → средний
    assert float(equipment.score) == 47.5
    assert equipment.level == RiskLevel.MEDIUM
    motivation = entry(c.school_a, c.year, "motivation")
    assert float(motivation.score) == 75.0
    assert motivation.level == RiskLevel.HIGH
    assert entry(c.school_a, c.year, "parents").level == RiskLevel.NODATA
    profile = RiskProfile.objects.get(school=c.school_a)
    assert profile.method_version == "test.1"
    assert profile.responses == 11


def test_a_group_under_five_answers_is_left_out_of_the_profile(diag):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "да"})
    for _ in range(4):  # four parents only: their indicator must not count
        answer(c, RespondentGroup.PARENT, {"m1": ["А", "Б", "В", "Г"]})
    scoring.profiles_recompute(year=c.year)
    equipment = entry(c.school_a, c.year, "equipment")
    assert equipment.indicators == {"t_equip": 0.0, "p_equip": None}
    assert float(equipment.score) == 0.0
    assert equipment.level == RiskLevel.LOW


def test_answers_of_another_school_do_not_leak_into_a_profile(diag):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "нет"}, school=c.school_b)
        answer(c, RespondentGroup.TEACHER, {"q1": "да"}, school=c.school_a)
    scoring.profiles_recompute(year=c.year)
    assert entry(c.school_a, c.year, "equipment").level == RiskLevel.LOW
    assert entry(c.school_b, c.year, "equipment").level == RiskLevel.HIGH
    assert entry(c.school_c, c.year, "equipment").level == RiskLevel.NODATA


def test_a_published_profile_is_not_changed_by_a_recompute(diag):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "да"})
    scoring.profiles_recompute(year=c.year)
    services.profiles_publish(year=c.year, by=c.federal)
    for _ in range(20):
        answer(c, RespondentGroup.TEACHER, {"q1": "нет"})
    assert scoring.profiles_recompute(year=c.year) == 0
    assert entry(c.school_a, c.year, "equipment").level == RiskLevel.LOW


def test_the_profile_is_one_aggregate_query_not_a_loop_over_answers(diag, django_assert_max_num_queries):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "нет"})
    scoring.profiles_recompute(year=c.year)  # the profiles exist: both runs below update them
    answer(c, RespondentGroup.TEACHER, {"q1": "да"})
    few = Answer.objects.count()
    with django_assert_max_num_queries(20) as ctx:
        scoring.profiles_recompute(year=c.year)
    queries_few = len(ctx.captured_queries)
    for _ in range(40):
        answer(c, RespondentGroup.TEACHER, {"q1": "частично"})
        answer(c, RespondentGroup.PARENT, {"m1": ["А"]})
    assert Answer.objects.count() > few * 10
    with django_assert_max_num_queries(queries_few) as ctx:
        scoring.profiles_recompute(year=c.year)


def test_loading_the_same_definition_twice_creates_no_new_version(diag):
    c = diag
    result = loading.questionnaires_load(year=c.year, data=DEFINITION)
    assert result.created == []
    assert len(result.unchanged) == 3


def test_a_changed_questionnaire_becomes_a_new_version_and_the_old_one_stays(diag):
    import copy

    c = diag
    old = selectors.active_questionnaire(year=c.year, group="teacher")
    changed = copy.deepcopy(DEFINITION)
    changed["questionnaires"][0]["title"] = "Педагоги (уточнённая)"
    result = loading.questionnaires_load(year=c.year, data=changed)
    assert result.created == ["Педагоги (уточнённая) (версия 2)"]
    new = selectors.active_questionnaire(year=c.year, group="teacher")
    assert new.version == 2
    old.refresh_from_db()
    assert not old.is_active


def test_a_definition_with_an_unknown_indicator_is_refused_with_its_place(cast):
    import copy

    from django.core.exceptions import ValidationError

    bad = copy.deepcopy(DEFINITION)
    bad["questionnaires"][0]["sections"][0]["questions"][0]["options"][0]["risk"] = {"nope": 1}
    with pytest.raises(ValidationError, match="вопрос «q1»: неизвестный индикатор «nope»"):
        loading.questionnaires_load(year=cast.year, data=bad)


def test_the_shipped_definition_covers_every_risk_direction(cast):
    from surveys.models import Indicator, OptionIndicator, RiskDirection

    helpers.setup(cast)
    directions = set(RiskDirection.objects.filter(year=cast.year).values_list("code", flat=True))
    fed = set(
        OptionIndicator.objects.filter(indicator__year=cast.year).values_list("indicator__direction__code", flat=True)
    )
    assert len(directions) == 10
    assert fed == directions
    assert Indicator.objects.filter(year=cast.year).count() >= 20


def test_a_recompute_rewrites_what_changed_and_records_only_those_profiles(diag):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "да"})
        answer(c, RespondentGroup.TEACHER, {"q1": "да"}, school=c.school_b)
    scoring.profiles_recompute(year=c.year)
    assert entry(c.school_a, c.year, "equipment").level == RiskLevel.LOW
    for _ in range(20):
        answer(c, RespondentGroup.TEACHER, {"q1": "нет"})
    scoring.profiles_recompute(year=c.year)
    changed = entry(c.school_a, c.year, "equipment")
    assert (float(changed.score), changed.level) == (80.0, RiskLevel.HIGH)
    assert entry(c.school_b, c.year, "equipment").level == RiskLevel.LOW
    a = RiskProfile.objects.get(school=c.school_a)
    b = RiskProfile.objects.get(school=c.school_b)
    assert a.events.filter(kind="computed").count() == 2
    assert b.events.filter(kind="computed").count() == 1
    assert a.responses == 25


def test_a_recompute_with_nothing_changed_writes_nothing(diag):
    c = diag
    for _ in range(5):
        answer(c, RespondentGroup.TEACHER, {"q1": "да"})
        answer(c, RespondentGroup.TEACHER, {"q1": "нет"}, school=c.school_b)
    scoring.profiles_recompute(year=c.year)
    before = list(RiskProfile.objects.order_by("pk").values_list("pk", "computed_at", "responses"))

    with CaptureQueriesContext(connection) as captured:
        assert scoring.profiles_recompute(year=c.year) == len(before)

    writes = [
        q["sql"] for q in captured.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE", "COPY"}
    ]
    assert writes == []
    assert list(RiskProfile.objects.order_by("pk").values_list("pk", "computed_at", "responses")) == before
    assert RiskProfile.objects.get(school=c.school_b).events.filter(kind="computed").count() == 1
