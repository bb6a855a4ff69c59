"""The pool of curator candidates: nomination, the questionnaire before appointment, selection, appointment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from curators.services import candidates as services
from monitoring.services import indicators
from schools.models import CuratorAssignment, CuratorCandidate, User
from schools.permissions import Cap, school_caps
from surveys.models import RespondentGroup, Response
from tests import factories as f
from tests.conftest import login
from tests.surveys import helpers as survey_helpers
from tests.surveys.test_collection import valid_answers

from . import helpers as h


def test_a_municipal_coordinator_nominates_a_new_person_who_gets_an_account_and_an_invitation(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.municipal).post(
            reverse("curators:candidate_pool_municipality", args=[cast.mun_a.pk]),
            {"email": "Petrova@Example.ru", "last_name": "Петрова", "first_name": "Ольга", "workplace": "завуч"},
        )
    assert response.status_code == 302
    candidate = CuratorCandidate.objects.get()
    assert (candidate.user.email, candidate.municipality, candidate.region) == (
        "petrova@example.ru",
        cast.mun_a,
        cast.region,
    )
    assert [m.to for m in mailoutbox] == [["petrova@example.ru"]]


def test_the_same_person_cannot_be_nominated_twice_in_a_year(cast):
    existing = h.candidate(cast)
    with pytest.raises(ValidationError, match="уже в списке кандидатов"):
        services.candidate_nominate(
            year=cast.year, region=cast.region, municipality=cast.mun_b, by=cast.regional, email=existing.user.email
        )


def test_a_municipal_coordinator_cannot_nominate_into_the_regions_own_pool(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.candidate_nominate(
            year=cast.year,
            region=cast.region,
            municipality=None,
            by=cast.municipal,
            email="x@example.ru",
            last_name="Х",
        )


def test_a_candidate_answers_the_curator_questionnaire_before_any_appointment(cast):
    survey_helpers.setup(cast)
    candidate = h.candidate(cast)
    stranger = f.UserFactory(email="stranger@example.ru")
    url = reverse("surveys:curator_survey")
    assert login(stranger).get(url).status_code == 404
    client = login(candidate.user)
    assert client.get(url).status_code == 200
    assert client.post(url, valid_answers(cast, RespondentGroup.CURATOR)).status_code == 302
    assert Response.objects.filter(group=RespondentGroup.CURATOR, submitted_by=candidate.user).exists()
    assert not CuratorAssignment.objects.filter(curator=candidate.user).exists()


def test_the_pool_page_shows_who_answered_the_questionnaire(cast):
    survey_helpers.setup(cast)
    answered = h.candidate(cast)
    h.candidate(cast, email="second@example.ru")
    login(answered.user).post(reverse("surveys:curator_survey"), valid_answers(cast, RespondentGroup.CURATOR))
    body = login(cast.municipal).get(reverse("curators:candidate_pool_municipality", args=[cast.mun_a.pk])).content
    assert "Прошли анкетирование: 1 из 2" in body.decode()


def test_a_refusal_needs_its_reason_and_a_selection_needs_the_interview_date(cast):
    candidate = h.candidate(cast)
    with pytest.raises(ValidationError, match="почему"):
        services.candidate_decide(candidate=candidate, by=cast.municipal, decision="rejected")
    with pytest.raises(ValidationError, match="собеседования"):
        services.candidate_decide(candidate=candidate, by=cast.municipal, decision="selected")


def test_the_selection_step_records_the_interview_the_decision_and_the_note(cast):
    candidate = h.candidate(cast)
    response = login(cast.municipal).post(
        reverse("curators:candidate_decide", args=[candidate.pk]),
        {"decision": "selected", "interview_on": "2026-02-05", "note": "Сильный управленец"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.interview_on, candidate.note, candidate.decided_by) == (
        "selected",
        datetime.date(2026, 2, 5),
        "Сильный управленец",
        cast.municipal,
    )


def test_only_a_selected_candidate_is_appointed(cast):
    candidate = h.candidate(cast)
    with pytest.raises(ValidationError, match="только отобранного"):
        services.candidate_appoint(
            candidate=candidate, school=cast.school_b, by=cast.municipal, appointed_on=datetime.date(2026, 2, 14)
        )


def test_a_selected_candidate_is_appointed_from_the_pool_and_gets_the_review_right(cast):
    candidate = h.candidate(cast, decision="selected")
    login(cast.municipal).post(
        reverse("curators:candidate_appoint", args=[candidate.pk]),
        {"school": cast.school_b.pk, "appointed_on": "2026-02-14"},
    )
    assignment = CuratorAssignment.objects.get(school=cast.school_b, year=cast.year)
    assert assignment.curator == candidate.user
    assert Cap.REVIEW in school_caps(User.objects.get(pk=candidate.user.pk), cast.school_b)


def test_a_candidate_of_one_municipality_is_not_appointed_in_another(cast):
    candidate = h.candidate(cast, decision="selected")
    with pytest.raises(ValidationError, match="выберите школу этого муниципалитета"):
        services.candidate_appoint(
            candidate=candidate, school=cast.school_c, by=cast.federal, appointed_on=datetime.date(2026, 2, 14)
        )


def test_the_indicator_is_the_share_of_the_regions_candidates_who_answered(cast):
    survey_helpers.setup(cast)
    answered = h.candidate(cast)
    h.candidate(cast, email="second@example.ru")
    h.candidate(cast, municipality=None, email="third@example.ru")
    login(answered.user).post(reverse("surveys:curator_survey"), valid_answers(cast, RespondentGroup.CURATOR))
    facts = indicators.region_facts(year=cast.year, region_ids=None, today=datetime.date(2026, 2, 1))
    assert facts[cast.region.pk]["candidates"] == (1, 3)
    assert "candidates" not in facts.get(cast.foreign_region.pk, {})


def test_candidates_are_imported_into_the_municipal_and_regional_pools_and_a_reimport_changes_nothing(cast):
    import io

    from schools import importing
    from tests.schools.xlsx import xlsx

    headers = ["ФИО", "E-mail", "Место работы и должность", "Муниципалитет", "Регион"]
    rows = [
        ["Орлова Анна Сергеевна", "orlova@example.ru", "завуч", "Краснинский район", "Смоленская область"],
        ["Зайцев Пётр Ильич", "zaitsev@example.ru", "заместитель директора", "", "Смоленская область"],
    ]
    data = xlsx([headers, *rows], sheet="Кандидаты")
    result = importing.run(kind="candidates", file=io.BytesIO(data), year=cast.year, by=cast.admin)
    assert result.applied, result.problems
    pools = dict(CuratorCandidate.objects.values_list("user__email", "municipality"))
    assert pools == {"orlova@example.ru": cast.mun_a.pk, "zaitsev@example.ru": None}
    again = importing.run(kind="candidates", file=io.BytesIO(data), year=cast.year, dry_run=True)
    assert again.to_json()["counts"]["candidates"]["unchanged"] == 2


def test_a_candidate_import_row_without_an_e_mail_names_its_row_and_column(cast):
    import io

    from schools import importing
    from tests.schools.xlsx import xlsx

    data = xlsx([["ФИО", "E-mail", "Регион"], ["Орлова Анна Сергеевна", "", "Смоленская область"]])
    result = importing.run(kind="candidates", file=io.BytesIO(data), year=cast.year, dry_run=True)
    text = " ".join(str(p) for p in result.problems)
    assert "E-mail" in text and "2" in text
    assert not CuratorCandidate.objects.exists()
