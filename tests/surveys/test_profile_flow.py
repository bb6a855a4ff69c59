"""Completion and anonymity; publication → curator verification → activation, each step recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import selectors, services
from surveys.models import (
    DiagnosisSettings,
    ProfileEvent,
    RespondentGroup,
    RiskActivation,
    RiskDeclination,
    RiskLevel,
    RiskProfile,
)

from . import helpers
from .test_collection import valid_answers


@pytest.fixture
def diag(cast):
    helpers.setup(cast)
    return cast


def submit(cast, group, n, school=None):
    from surveys import forms

    questionnaire = selectors.active_questionnaire(year=cast.year, group=group)
    structure = selectors.questionnaire_structure(questionnaire)
    form = forms.ResponseForm(valid_answers(cast, group), structure=structure)
    assert form.is_valid(), form.errors
    for _ in range(n):
        services.response_submit(
            questionnaire=questionnaire, structure=structure, cleaned=form.cleaned_data, school=school or cast.school_a
        )


# --- completion and anonymity ------------------------------------------------------------------------


def test_a_group_with_fewer_than_five_answers_shows_no_number(diag, client_for):
    submit(diag, RespondentGroup.PARENT, 3)
    submit(diag, RespondentGroup.TEACHER, 7)
    page = client_for(diag.director).get(reverse("surveys:school_diagnosis", args=[diag.school_a.pk]))
    html = page.content.decode().split('id="h-completion"')[1]
    parents_row = html.split("родители</th>")[1].split("</tr>")[0]
    assert "менее 5" in parents_row
    assert ">3<" not in parents_row
    teachers_row = html.split("педагоги</th>")[1].split("</tr>")[0]
    assert "<td>7</td>" in teachers_row


def test_the_school_page_panel_hides_small_groups_too(diag, client_for):
    submit(diag, RespondentGroup.PUPIL9, 2)
    html = client_for(diag.curator).get(reverse("schools:school_detail", args=[diag.school_a.pk])).content.decode()
    assert "обучающиеся 9 классов: менее 5" in html


def test_questionnaires_are_complete_when_every_group_reaches_the_years_share(diag, client_for):
    DiagnosisSettings.objects.filter(year=diag.year).update(teacher_share=50, pupil_share=50, parent_share=20)
    client_for(diag.director).post(
        reverse("surveys:headcount_edit", args=[diag.school_a.pk]),
        {"teachers": 20, "pupils6": 10, "pupils9": 0, "parents": 40},
    )
    submit(diag, RespondentGroup.TEACHER, 10)
    submit(diag, RespondentGroup.PUPIL6, 5)
    submit(diag, RespondentGroup.PARENT, 7)
    submit(diag, RespondentGroup.DIRECTOR, 1)
    state = selectors.completion(school=diag.school_a, year=diag.year)
    assert [(g.group, g.required, g.done) for g in state.groups] == [
        ("teacher", 10, True),
        ("pupil6", 5, True),
        ("pupil9", 0, True),  # no grade 9 in this school: nothing required
        ("parent", 8, False),
    ]
    assert not state.done
    submit(diag, RespondentGroup.PARENT, 1)
    assert selectors.completion(school=diag.school_a, year=diag.year).done
    page = client_for(diag.municipal).get(reverse("surveys:school_diagnosis", args=[diag.school_a.pk]))
    assert "Анкетирование завершено" in page.content.decode()


def test_a_headcount_with_a_negative_number_is_refused(diag, client_for):
    client = client_for(diag.director)
    response = client.post(
        reverse("surveys:headcount_edit", args=[diag.school_a.pk]),
        {"teachers": -1, "pupils6": 10, "pupils9": 0, "parents": 40},
        follow=True,
    )
    assert "Численность не сохранена: Педагогов" in response.content.decode()
    assert selectors.headcount(school=diag.school_a, year=diag.year) is None


# --- publication, verification, activation -------------------------------------------------------------


def make_levels(profile, levels: dict[int, str]):
    """Sets levels directly (the scoring is tested elsewhere): {direction number: level}."""
    for e in profile.entries.select_related("direction"):
        e.level = levels.get(e.direction.number, RiskLevel.LOW)
        e.save()


def test_the_school_sees_its_profile_only_after_publication(diag, client_for):
    helpers.profile(diag, published=False)
    url = reverse("surveys:profile_detail", args=[diag.school_a.pk])
    assert "ещё не опубликован" in client_for(diag.director).get(url).content.decode()
    assert "Баллы по направлениям" in client_for(diag.federal).get(url).content.decode()
    client_for(diag.federal).post(reverse("surveys:profile_publish", args=[diag.school_a.pk]))
    html = client_for(diag.director).get(url).content.decode()
    assert "Баллы по направлениям" in html
    assert 'id="risk-chart-data" type="application/json"' in html
    assert "<script>" not in html


def test_the_curator_confirms_or_comments_and_it_is_recorded(diag, client_for):
    profile = helpers.profile(diag)
    entry = profile.entries.first()
    client = client_for(diag.curator)
    response = client.post(
        reverse("surveys:profile_verify", args=[diag.school_a.pk]),
        {f"comment_{entry.direction_id}": "По итогам визита оснащение лучше, чем в анкетах", "general": ""},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.verification == RiskProfile.Verification.COMMENTED
    assert profile.verified_by == diag.curator
    assert profile.entries.get(pk=entry.pk).curator_comment.startswith("По итогам визита")
    event = profile.events.get(kind=ProfileEvent.Kind.COMMENTED)
    assert event.by == diag.curator


def test_an_unpublished_profile_cannot_be_verified(diag):
    profile = helpers.profile(diag, published=False)
    with pytest.raises(ValidationError, match="ещё не опубликован"):
        services.profile_verify(profile=profile, by=diag.curator, comments={})


def test_the_school_cannot_activate_before_the_curator_has_verified(diag):
    profile = helpers.profile(diag)
    direction = profile.entries.first().direction
    with pytest.raises(ValidationError, match="Сначала куратор должен проверить профиль"):
        services.risks_activate(profile=profile, by=diag.director, chosen={direction.pk: "нужно"}, reasons={})


def test_at_most_the_years_maximum_of_directions_can_be_activated(diag):
    profile = helpers.profile(diag, verified=True)
    ids = list(profile.entries.values_list("direction_id", flat=True))
    with pytest.raises(ValidationError) as exc:
        services.risks_activate(
            profile=profile, by=diag.director, chosen=dict.fromkeys(ids[:4], "обоснование"), reasons={}
        )
    assert "Можно активировать не больше 3 направлений, выбрано 4." in exc.value.messages
    diag.year.max_active_risks = 4
    diag.year.save()
    profile.refresh_from_db()
    services.risks_activate(profile=profile, by=diag.director, chosen=dict.fromkeys(ids[:4], "обоснование"), reasons={})
    assert RiskActivation.objects.filter(school=diag.school_a).count() == 4


def test_each_activated_direction_needs_a_justification(diag):
    profile = helpers.profile(diag, verified=True)
    d = profile.entries.first().direction
    with pytest.raises(ValidationError, match="напишите обоснование"):
        services.risks_activate(profile=profile, by=diag.director, chosen={d.pk: "  "}, reasons={})


def test_a_high_risk_direction_left_inactive_needs_a_reason(diag, client_for):
    profile = helpers.profile(diag, verified=True)
    make_levels(profile, {1: RiskLevel.HIGH, 2: RiskLevel.HIGH})
    entries = {e.direction.number: e.direction for e in profile.entries.select_related("direction")}
    url = reverse("surveys:activation_edit", args=[diag.school_a.pk])
    client = client_for(diag.director)
    response = client.post(url, {"direction": [entries[1].pk], f"justification_{entries[1].pk}": "главный риск"})
    assert response.status_code == 400
    assert "высокий риск: укажите, почему школа не берёт его в работу" in response.content.decode()
    assert not RiskActivation.objects.filter(school=diag.school_a).exists()
    response = client.post(
        url,
        {
            "direction": [entries[1].pk],
            f"justification_{entries[1].pk}": "главный риск",
            f"reason_{entries[2].pk}": "вакансии закроет муниципалитет в сентябре",
        },
    )
    assert response.status_code == 302
    activation = RiskActivation.objects.get(school=diag.school_a)
    assert (activation.direction, activation.justification, activation.activated_by) == (
        entries[1],
        "главный риск",
        diag.director,
    )
    declined = RiskDeclination.objects.get(school=diag.school_a)
    assert declined.direction == entries[2]
    assert declined.declined_by == diag.director
    profile.refresh_from_db()
    assert profile.activated_at is not None
    assert list(profile.events.values_list("kind", flat=True)) == ["computed", "published", "confirmed", "activated"]
    assert list(selectors.active_directions(school=diag.school_a, year=diag.year)) == [entries[1]]


def test_the_curator_cannot_activate_and_the_director_cannot_verify(diag, client_for):
    helpers.profile(diag, verified=True)
    assert client_for(diag.curator).get(reverse("surveys:activation_edit", args=[diag.school_a.pk])).status_code == 403
    assert client_for(diag.director).post(reverse("surveys:profile_verify", args=[diag.school_a.pk])).status_code == 403


def test_the_verification_page_warns_when_no_visit_is_recorded_yet(diag, client_for):
    helpers.profile(diag)
    html = client_for(diag.curator).get(reverse("surveys:profile_verify", args=[diag.school_a.pk])).content.decode()
    assert "В журнале визитов ещё нет визита в эту школу" in html


def test_publication_verification_and_activation_reach_the_audit_trail(diag):
    from audit.models import AuditEvent

    profile = helpers.profile(diag, verified=True)
    d = profile.entries.first().direction
    services.risks_activate(profile=profile, by=diag.director, chosen={d.pk: "нужно"}, reasons={})
    events = AuditEvent.objects.filter(school_id=diag.school_a.pk, object_type="surveys.riskprofile").order_by("pk")
    assert [(e.actor, e.details) for e in events] == [
        (diag.federal, {"event": "опубликован"}),
        (diag.curator, {"event": "подтверждён куратором"}),
        (diag.director, {"event": "активированы рисковые направления", "note": d.title}),
    ]


def test_anonymous_answers_leave_no_trace_in_the_audit_trail(diag):
    from django.test import Client

    from audit.models import AuditEvent

    before = AuditEvent.objects.count()
    link = helpers.link(diag)
    response = Client().post(reverse("surveys:respond", args=[link.token]), valid_answers(diag))
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before
