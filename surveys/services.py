"""Business rules of the diagnosis: links, answers, headcounts, publication, verification, activation."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from medk.lib import queue
from notifications.services import Kind, notify
from schools import signals as school_signals
from schools.models import ProjectYear, School, SchoolStaff
from yearcalendar import services as calendar

from . import scoring, tasks
from .models import (
    FINAL_WINDOW_CODE,
    PUBLIC_GROUPS,
    WINDOW_CODES,
    Answer,
    DiagnosisRound,
    ProfileEvent,
    ProfileJob,
    Question,
    Questionnaire,
    RespondentGroup,
    Response,
    RiskActivation,
    RiskDeclination,
    RiskDirection,
    RiskLevel,
    RiskProfile,
    SchoolHeadcount,
    SurveyLink,
)
from .selectors import QuestionnaireStructure

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 8  # guessing arithmetic: surveys/ratelimit.py (Limits.code_failures_per_address)


# --- Links ---------------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def links_ensure(*, school: School, year: ProjectYear) -> list[SurveyLink]:
    """The school's link and code for each public respondent group (created on first use)."""
    links = {link.group: link for link in SurveyLink.objects.filter(school=school, year=year)}
    for group in PUBLIC_GROUPS:
        if group in links:
            continue
        for _ in range(10):
            try:
                with transaction.atomic():
                    links[group] = SurveyLink.objects.create(
                        school=school, year=year, group=group, token=secrets.token_urlsafe(16), code=_new_code()
                    )
                break
            except IntegrityError:
                # a code collision (or a parallel request created the link): try again
                existing = SurveyLink.objects.filter(school=school, year=year, group=group).first()
                if existing:
                    links[group] = existing
                    break
    return [links[g] for g in PUBLIC_GROUPS if g in links]


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


_LOOKUP = object()  # window_check reads the dates itself


# --- The window ----------------------------------------------------------------------------------


def window_check(*, year: ProjectYear, group: str, region, today: datetime.date | None = None, dates=_LOOKUP) -> None:
    """Raises ValidationError with a Russian message when the group's questionnaire window is closed.
    `dates` (the window already read, None when the calendar lacks the step) saves the lookup."""
    today = today or timezone.localdate()
    if dates is _LOOKUP:
        dates = calendar.milestone_dates(year=year, code=WINDOW_CODES[group], region=region)
    if dates is None:
        raise ValidationError("Сроки анкетирования на этот год ещё не заданы в календаре.")
    if dates.starts_on and today < dates.starts_on:
        raise ValidationError(f"Анкетирование ещё не началось: приём ответов откроется {dates.starts_on:%d.%m.%Y}.")
    if today > dates.due_on:
        raise ValidationError(f"Анкетирование завершено: ответы принимались до {dates.due_on:%d.%m.%Y}.")


def window_round(*, year: ProjectYear, group: str, region, today: datetime.date | None = None, dates=_LOOKUP) -> str:
    """Which diagnosis an answer given today belongs to: the first (the group's own window) or the final one
    (the year's final diagnosis window; curator candidates answer once). Raises ValidationError when neither
    window is open, with the first window's message (and when the final one opens, if it is ahead)."""
    today = today or timezone.localdate()
    try:
        window_check(year=year, group=group, region=region, today=today, dates=dates)
    except ValidationError as closed:
        if group == RespondentGroup.CURATOR:
            raise
        final = calendar.milestone_dates(year=year, code=FINAL_WINDOW_CODE, region=region)
        if final is None:
            raise
        if (final.starts_on is None or final.starts_on <= today) and today <= final.due_on:
            return DiagnosisRound.FINAL
        if final.starts_on and today < final.starts_on and today > (final.starts_on - datetime.timedelta(days=366)):
            message = closed.messages[0]
            raise ValidationError(f"{message} Итоговая диагностика откроется {final.starts_on:%d.%m.%Y}.") from None
        raise
    return DiagnosisRound.FIRST


# --- Answers -------------------------------------------------------------------------------------


def _answer_rows(*, structure: QuestionnaireStructure, cleaned: dict) -> list[Answer]:
    rows: list[Answer] = []
    for q in structure.questions:
        value = cleaned.get(q.field_name)
        if value in (None, "", []):
            continue
        if q.kind == Question.Kind.MULTIPLE:
            chosen = [int(v) for v in value]
            rows += [Answer(question_id=q.id, option_id=o, share=1 / len(chosen)) for o in chosen]
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
            rows.append(Answer(question_id=q.id, option_id=int(value)))
        elif q.kind == Question.Kind.NUMBER:
            band = next((o.id for o in q.options if o.low is not None and o.low <= value <= o.high), None)
            rows.append(Answer(question_id=q.id, option_id=band, number=value))
        else:
            rows.append(Answer(question_id=q.id, text=str(value)[:500]))
    return rows


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    structure: QuestionnaireStructure,
    cleaned: dict,
    school: School | None,
    by=None,
    diagnosis: str = DiagnosisRound.FIRST,
) -> Response:
    """Saves one questionnaire with all its answers, or nothing (`diagnosis`: the first or the final round)."""
    done = Response.objects.filter(year=questionnaire.year_id, group=questionnaire.group)
    if questionnaire.group == RespondentGroup.DIRECTOR and done.filter(school=school, round=diagnosis).exists():
        raise ValidationError("Анкета директора этой школы уже заполнена.")
    if questionnaire.group == RespondentGroup.CURATOR and done.filter(submitted_by=by).exists():
        raise ValidationError("Вы уже заполнили анкету кандидата в кураторы.")
    cabinet = questionnaire.group in (RespondentGroup.DIRECTOR, RespondentGroup.CURATOR)
    response = Response.objects.create(
        questionnaire=questionnaire,
        year_id=questionnaire.year_id,
        group=questionnaire.group,
        round=diagnosis,
        school=school,
        submitted_by=by if cabinet else None,
        # Only the hour is kept, so an answer cannot be matched to a line of the web server's access log.
        submitted_at=timezone.now().replace(minute=0, second=0, microsecond=0),
    )
    rows = _answer_rows(structure=structure, cleaned=cleaned)
    if not rows:
        raise ValidationError("Анкета пустая: ответьте хотя бы на один вопрос.")
    for row in rows:
        row.response = response
        row.school = school
        row.year_id = questionnaire.year_id
        row.round = diagnosis
    Answer.objects.bulk_create(rows)
    return response


# --- Headcounts ----------------------------------------------------------------------------------


def headcount_save(
    *, school: School, year: ProjectYear, by, teachers: int, pupils6: int, pupils9: int, parents: int
) -> SchoolHeadcount:
    headcount, _ = SchoolHeadcount.objects.update_or_create(
        school=school,
        year=year,
        defaults={
            "teachers": teachers,
            "pupils6": pupils6,
            "pupils9": pupils9,
            "parents": parents,
            "updated_by": by,
            "updated_at": timezone.now(),
        },
    )
    audit.record(
        actor=by,
        action="state_change",
        obj=headcount,
        school=school,
        details={"численность": [teachers, pupils6, pupils9, parents]},
    )
    return headcount


def final_scores_compute(*, year: ProjectYear, by) -> int:
    """Computes the final diagnosis of the year (docs/risk-method.md §9) and records who asked for it."""
    count = scoring.final_scores_recompute(year=year)
    audit.record(actor=by, action="state_change", obj=year, details={"итоговая диагностика": count})
    return count


# --- Recompute (background) ----------------------------------------------------------------------


def recompute_start(*, year: ProjectYear, by, school: School | None = None) -> ProfileJob:
    job = ProfileJob.objects.create(year=year, school=school, created_by=by)
    queue.enqueue_on_commit(
        tasks.profiles_recompute_task,
        job.pk,
        on_failure=lambda msg: ProfileJob.objects.filter(pk=job.pk).update(
            status=ProfileJob.Status.FAILED, message=msg, finished_at=timezone.now()
        ),
    )
    return job


def job_run(*, job: ProfileJob) -> None:
    ProfileJob.objects.filter(pk=job.pk).update(status=ProfileJob.Status.RUNNING)
    try:
        count = scoring.profiles_recompute(
            year=job.year, school_ids=[job.school_id] if job.school_id else None, by=job.created_by
        )
    except Exception as exc:
        ProfileJob.objects.filter(pk=job.pk).update(
            status=ProfileJob.Status.FAILED, finished_at=timezone.now(), message=f"Ошибка расчёта: {exc}"
        )
        raise
    ProfileJob.objects.filter(pk=job.pk).update(
        status=ProfileJob.Status.DONE,
        finished_at=timezone.now(),
        profiles=count,
        message=f"Пересчитано профилей: {count}",
    )


# --- Publication, verification, activation -------------------------------------------------------


@transaction.atomic
def profiles_publish(*, year: ProjectYear, by, school: School | None = None) -> int:
    """Publishes the year's unpublished profiles (or one school's); schools see them from now on."""
    qs = RiskProfile.objects.filter(year=year, published_at__isnull=True)
    if school is not None:
        qs = qs.filter(school=school)
    pairs = list(qs.values_list("pk", "school_id"))
    if not pairs:
        raise ValidationError("Нет рассчитанных неопубликованных профилей.")
    ids = [pk for pk, _school_id in pairs]
    now = timezone.now()
    RiskProfile.objects.filter(pk__in=ids).update(published_at=now, published_by=by)
    # An update sends no model signal: the dashboards' read model is told which schools now have a profile.
    school_signals.announce_schools_changed(school_id for _pk, school_id in pairs)
    ProfileEvent.objects.bulk_create(
        [ProfileEvent(profile_id=pk, kind=ProfileEvent.Kind.PUBLISHED, by=by, at=now) for pk in ids], batch_size=5000
    )
    audit.record_many(
        actor=by,
        action="state_change",
        items=[
            {"obj": p, "details": {"event": ProfileEvent.Kind.PUBLISHED.label}}
            for p in RiskProfile.objects.filter(pk__in=ids).select_related("school__municipality")
        ],
    )
    _notify_published(ids)
    return len(ids)


def _notify_published(profile_ids: list[int]) -> None:
    """The school's director and delegates hear that their profile is out."""

    posts = SchoolStaff.objects.filter(school__risk_profiles__pk__in=profile_ids).select_related("user", "school")
    profile_of = dict(RiskProfile.objects.filter(pk__in=profile_ids).values_list("school_id", "pk"))
    for post in posts:
        notify(
            users=[post.user],
            kind=Kind.PROFILE_PUBLISHED,
            title=f"{post.school.short_name}: опубликован рисковый профиль школы",
            url=reverse("surveys:profile_detail", args=[post.school_id]),
            school=post.school,
            key=f"profile-published:{profile_of[post.school_id]}",
        )


@transaction.atomic
def profile_verify(*, profile: RiskProfile, by, comments: dict[int, str], general: str = "") -> RiskProfile:
    """The curator confirms the profile or comments on directions (after the first visit)."""
    if not profile.is_published:
        raise ValidationError("Профиль ещё не опубликован — проверять нечего.")
    if profile.activated_at:
        raise ValidationError("Школа уже активировала направления по этому профилю.")
    comments = {k: v.strip() for k, v in comments.items()}
    entries = list(profile.entries.all())
    for entry in entries:
        entry.curator_comment = comments.get(entry.direction_id, "")
    profile.entries.bulk_update(entries, ["curator_comment"])
    has_comments = bool(general.strip()) or any(e.curator_comment for e in entries)
    profile.verification = RiskProfile.Verification.COMMENTED if has_comments else RiskProfile.Verification.CONFIRMED
    profile.verified_by = by
    profile.verified_at = timezone.now()
    profile.verification_comment = general.strip()
    profile.save(update_fields=["verification", "verified_by", "verified_at", "verification_comment"])
    kind = ProfileEvent.Kind.COMMENTED if has_comments else ProfileEvent.Kind.CONFIRMED
    _profile_event_log(profile=profile, kind=kind, by=by, note=general.strip())
    return profile


@transaction.atomic
def risks_activate(
    *, profile: RiskProfile, by, chosen: dict[int, str], reasons: dict[int, str]
) -> list[RiskActivation]:
    """The school chooses the directions it will work on (≤ the year's maximum), with a justification
    each; every high-risk direction left out needs a reason. Replaces the school's earlier choice."""
    if profile.verification == RiskProfile.Verification.PENDING:
        raise ValidationError("Сначала куратор должен проверить профиль после первого визита.")
    year = profile.year
    directions = {d.pk: d for d in RiskDirection.objects.filter(year=year, is_retired=False)}
    errors = []
    if not chosen:
        errors.append("Выберите хотя бы одно рисковое направление.")
    if len(chosen) > year.max_active_risks:
        errors.append(f"Можно активировать не больше {year.max_active_risks} направлений, выбрано {len(chosen)}.")
    for direction_id, text in chosen.items():
        if direction_id not in directions:
            errors.append("Выбрано неизвестное направление.")
        elif not text.strip():
            errors.append(f"Направление «{directions[direction_id].title}»: напишите обоснование.")
    high = list(profile.entries.filter(level=RiskLevel.HIGH).values_list("direction_id", flat=True))
    for direction_id in high:
        if direction_id not in chosen and not reasons.get(direction_id, "").strip():
            errors.append(
                f"Направление «{directions[direction_id].title}» — высокий риск: "
                "укажите, почему школа не берёт его в работу."
            )
    if errors:
        raise ValidationError(errors)
    school = profile.school
    RiskActivation.objects.filter(school=school, direction__year=year).exclude(direction_id__in=chosen).delete()
    now = timezone.now()
    activations = []
    for direction_id, text in chosen.items():
        activation, _ = RiskActivation.objects.update_or_create(
            school=school,
            direction_id=direction_id,
            defaults={"justification": text.strip(), "activated_by": by, "activated_at": now},
        )
        activations.append(activation)
    RiskDeclination.objects.filter(school=school, direction__year=year).delete()
    RiskDeclination.objects.bulk_create(
        [
            RiskDeclination(school=school, direction_id=d, reason=reasons[d].strip(), declined_by=by, declined_at=now)
            for d in high
            if d not in chosen
        ]
    )
    profile.activated_at = now
    profile.save(update_fields=["activated_at"])
    titles = ", ".join(directions[d].title for d in chosen)
    _profile_event_log(profile=profile, kind=ProfileEvent.Kind.ACTIVATED, by=by, at=now, note=titles)
    return activations


def _profile_event_log(*, profile: RiskProfile, kind: str, by, note: str = "", at=None) -> ProfileEvent:
    """A profile's state change, in its own history and in the audit trail (the same transaction)."""
    event = ProfileEvent.objects.create(profile=profile, kind=kind, by=by, note=note, at=at or timezone.now())
    audit.record(
        actor=by,
        action="state_change",
        obj=profile,
        school=profile.school,
        details={"event": event.get_kind_display(), **({"note": note[:500]} if note else {})},
    )
    return event
