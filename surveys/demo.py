"""Demo diagnosis: the questionnaire window is open today for the Smolensk region, most schools have
plausible answers, profiles are computed; some are published, verified and activated, and
МБОУ «Гусинская СШ» waits for its curator to verify and its director to activate."""

import math
import random

from yearcalendar.models import Milestone

from . import forms, loading, scoring, selectors, services
from .models import (
    PUBLIC_GROUPS,
    DiagnosisRound,
    OptionIndicator,
    Question,
    RespondentGroup,
    Response,
    RiskLevel,
    RiskProfile,
    SchoolHeadcount,
)

WINDOW_CODES = ("questionnaires", "director_survey", "curator_survey")
FOCUS = "Гусинская"


def _option_risk(year) -> dict[int, tuple[float, str]]:
    """option id → (mean risk weight, direction code) for options that feed an indicator."""
    acc: dict[int, list] = {}
    for option_id, weight, code in OptionIndicator.objects.filter(indicator__year=year).values_list(
        "option_id", "weight", "indicator__direction__code"
    ):
        acc.setdefault(option_id, [[], code])[0].append(weight)
    return {k: (sum(v[0]) / len(v[0]), v[1]) for k, v in acc.items()}


def _pick(options, risk_of, tendency: dict[str, float], rng: random.Random):
    weights = []
    for o in options:
        info = risk_of.get(o.id)
        if info is None:
            weights.append(1.0)
        else:
            weight, code = info
            weights.append(math.exp(-((weight - tendency.get(code, 0.4)) ** 2) / 0.06))
    return rng.choices(options, weights=weights)[0]


def answers_for(structure, risk_of, tendency, rng: random.Random) -> dict:
    """Raw form data for one plausible respondent whose answers lean to the school's tendencies."""
    data: dict = {}
    for q in structure.questions:
        if q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
            data[q.field_name] = str(_pick(q.options, risk_of, tendency, rng).id)
        elif q.kind == Question.Kind.MULTIPLE:
            first = _pick(q.options, risk_of, tendency, rng)
            chosen = {first.id}
            if rng.random() < 0.4:
                chosen.add(_pick(q.options, risk_of, tendency, rng).id)
            data[q.field_name] = [str(i) for i in chosen]
        elif q.kind == Question.Kind.NUMBER:
            band = _pick(q.options, risk_of, tendency, rng) if q.options else None
            low = band.low if band else (q.min_value or 0)
            high = band.high if band else (q.max_value or 10)
            data[q.field_name] = str(rng.randint(low, min(high, low + 40)))
    return data


def _answer_school(*, school, year, rng, risk_of, directions) -> int:
    if Response.objects.filter(school=school, year=year).exists():
        return 0
    tendency = {code: min(0.95, max(0.02, rng.betavariate(2, 3))) for code in directions}
    headcount, _ = SchoolHeadcount.objects.get_or_create(
        school=school,
        year=year,
        defaults={
            "teachers": rng.randint(14, 40),
            "pupils6": rng.randint(8, 40),
            "pupils9": rng.randint(8, 40),
            "parents": rng.randint(20, 70),
        },
    )
    count = 0
    for group in (*PUBLIC_GROUPS, RespondentGroup.DIRECTOR):
        questionnaire = selectors.active_questionnaire(year=year, group=group)
        structure = selectors.questionnaire_structure(questionnaire)
        expected = 1 if group == RespondentGroup.DIRECTOR else headcount.expected(group)
        n = expected if group == RespondentGroup.DIRECTOR else int(expected * rng.uniform(0.55, 0.9))
        for _ in range(n):
            form = forms.ResponseForm(answers_for(structure, risk_of, tendency, rng), structure=structure)
            if not form.is_valid():
                continue
            services.response_submit(
                questionnaire=questionnaire, structure=structure, cleaned=form.cleaned_data, school=school
            )
            count += 1
    return count


def load(ctx: dict) -> list[str]:
    year = ctx["year"]
    schools = ctx["schools"]
    users = ctx["users"]
    lines = []
    result = loading.questionnaires_load_file(year=year, path=loading.template_path(year.year))
    lines.append(f"Анкеты {year.year}: загружено {len(result.created)}, без изменений {len(result.unchanged)}")
    # The window is behind (load_demo places the calendar so that today is mid-year): the answers were given in it.
    rng = random.Random(500)
    risk_of = _option_risk(year)
    directions = sorted({code for _w, code in risk_of.values()})
    focus = next((s for s in schools if FOCUS in s.short_name), schools[0])
    # All but the last school of each region answer; the last one shows an unfinished survey.
    silent = {schools[-1].pk}
    answered = 0
    for school in schools:
        services.links_ensure(school=school, year=year)
        if school.pk in silent:
            continue
        answered += _answer_school(school=school, year=year, rng=rng, risk_of=risk_of, directions=directions)
    window = Milestone.objects.filter(year=year, code="questionnaires").first()
    closed = f"окно закрылось {window.due_on:%d.%m.%Y}" if window else "окно закрыто"
    lines.append(f"Анкетирование: {closed}, новых анкет {answered}")

    scoring.profiles_recompute(year=year, by=users.get("federal"))
    federal = users.get("federal")
    curator = users.get("curator")
    published = list(schools[: max(3, len(schools) // 2)])
    if focus not in published:
        published.append(focus)
    for school in published:
        if not RiskProfile.objects.filter(school=school, year=year, published_at__isnull=False).exists():
            services.profiles_publish(year=year, by=federal, school=school)
    # A full story on one other school of the same curator: verified and activated.
    done_school = next(
        (s for s in published if s != focus and s.curatorships.filter(year=year, curator=curator).exists()), None
    )
    if done_school is not None:
        diagnosis_complete(school=done_school, year=year, curator=curator)
    lines.append(
        f"Профили: рассчитано {RiskProfile.objects.filter(year=year).count()}, опубликовано "
        f"{RiskProfile.objects.filter(year=year, published_at__isnull=False).count()}; "
        f"{focus.short_name} ждёт проверки куратором и активации направлений директором"
    )
    return lines


def diagnosis_complete(*, school, year, curator=None) -> list:
    """Takes a school with a computed profile through the real flow: publication, the curator's check
    and activation of its highest-scored directions. Other apps' demos use it instead of creating
    activations directly. Returns the active directions (empty when the school has no profile)."""
    profile = RiskProfile.objects.filter(school=school, year=year).first()
    if profile is None:
        return []
    if not profile.is_published:
        services.profiles_publish(year=year, by=None, school=school)
        profile.refresh_from_db()
    if profile.activated_at is None:
        if profile.verification == RiskProfile.Verification.PENDING:
            assignment = school.curatorships.filter(year=year).select_related("curator").first()
            verifier = curator or (assignment.curator if assignment else None)
            services.profile_verify(profile=profile, by=verifier, comments={})
        entries = list(profile.entries.select_related("direction").order_by("-score"))
        chosen = {
            e.direction_id: "По результатам анкетирования и визита куратора" for e in entries[: year.max_active_risks]
        }
        reasons = {
            e.direction_id: "Работа ведётся в рамках муниципальной программы"
            for e in entries
            if e.level == RiskLevel.HIGH and e.direction_id not in chosen
        }
        director = school.staff.filter(kind="director").select_related("user").first()
        services.risks_activate(profile=profile, by=director.user if director else None, chosen=chosen, reasons=reasons)
    return list(selectors.active_directions(school=school, year=year))


def final_round_answer(*, school, year, rng: random.Random, change: float) -> int:
    """The school answers the same questionnaires again in the final diagnosis: each direction's answers lean to
    its first score moved by `change` (−0.2: the risk fell) for the activated directions. Returns the answers."""
    if Response.objects.filter(school=school, year=year, round=DiagnosisRound.FINAL).exists():
        return 0
    profile = RiskProfile.objects.filter(school=school, year=year).first()
    if profile is None:
        return 0
    active = set(selectors.active_directions(school=school, year=year).values_list("code", flat=True))
    tendency = {}
    for entry in profile.entries.select_related("direction"):
        start = float(entry.score or 40) / 100
        tendency[entry.direction.code] = min(0.95, max(0.02, start + (change if entry.direction.code in active else 0)))
    risk_of = _option_risk(year)
    headcount = SchoolHeadcount.objects.filter(school=school, year=year).first()
    count = 0
    for group in (*PUBLIC_GROUPS, RespondentGroup.DIRECTOR):
        questionnaire = selectors.active_questionnaire(year=year, group=group)
        structure = selectors.questionnaire_structure(questionnaire)
        n = 1 if group == RespondentGroup.DIRECTOR else int((headcount.expected(group) if headcount else 20) * 0.6)
        for _ in range(n):
            form = forms.ResponseForm(answers_for(structure, risk_of, tendency, rng), structure=structure)
            if not form.is_valid():
                continue
            services.response_submit(
                questionnaire=questionnaire,
                structure=structure,
                cleaned=form.cleaned_data,
                school=school,
                diagnosis=DiagnosisRound.FINAL,
            )
            count += 1
    return count
