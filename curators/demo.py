"""Demo data of curators' work: visits (one school overdue), a contract, answered questions and the FAQ,
the setup seminar (schools, curators, coordinators) and the federal curators' webinar with attendance, and the
municipal pool of curator candidates. Idempotent."""

import datetime

from django.utils import timezone

from schools import demo_data
from schools import services as school_services
from schools.models import CuratorAssignment, CuratorCandidate, SchoolProgramme, User
from yearcalendar import services as year_calendar

from .models import Event, EventInvite, FaqEntry, PlannedVisit, Thread, Visit
from .services import appointments, candidates, consultations, events, schedules, visits


def _director(school):
    post = school.staff.select_related("user").order_by("kind").first()
    return post.user if post else None


def _rule(year) -> list[str]:
    visits.visit_rule_create_default(year=year)
    return []


def _visit(*, school, year, curator, days_ago: int, topics: str, confirm: bool, today) -> Visit:
    visit = visits.visit_create(
        school=school,
        year=year,
        curator=curator,
        held_on=today - datetime.timedelta(days=days_ago),
        format=Visit.Format.ONSITE,
        participants="Директор, заместитель директора по УВР, руководители МО",
        topics=topics,
        findings="Управленческая команда работает по дорожной карте; отмечен рост посещаемости консультаций.",
        recommendations="Закрепить наставников за молодыми педагогами; собрать данные для показателей.",
        actions=[
            visits.ActionInput(text="Провести методический совет по итогам визита", responsible="Заместитель по УВР")
        ],
        today=today,
    )
    if confirm:
        visits.visit_confirm(visit=visit, by=_director(school) or curator)
    return visit


def _visits(ctx, today) -> list[str]:
    year, curator = ctx["year"], ctx["users"].get("curator")
    if curator is None or Visit.objects.filter(year=year, curator=curator).exists():
        return []
    # One curator per school (seed 004): the demo curator's school is visited on time, the next school of the
    # same municipality (another curator's) is overdue.
    mine = CuratorAssignment.objects.filter(year=year, curator=curator).select_related("school").first()
    other = (
        CuratorAssignment.objects.filter(year=year, school__municipality=mine.school.municipality)
        .exclude(curator=curator)
        .select_related("school", "curator")
        .first()
        if mine
        else None
    )
    if other is None:
        return []
    on_time, overdue = mine.school, other.school
    _visit(school=on_time, year=year, curator=curator, days_ago=33, topics="Верификация РПШ", confirm=True, today=today)
    _visit(school=on_time, year=year, curator=curator, days_ago=5, topics="Ход реализации", confirm=True, today=today)
    _visit(school=on_time, year=year, curator=curator, days_ago=1, topics="Открытые уроки", confirm=False, today=today)
    _visit(
        school=overdue,
        year=year,
        curator=other.curator,
        days_ago=45,
        topics="Дорожная карта",
        confirm=True,
        today=today,
    )
    # Every other Smolensk school had its curator a few days ago: only one school is overdue, not the whole region.
    routine = (
        CuratorAssignment.objects.filter(year=year, school__municipality__region=mine.school.municipality.region)
        .exclude(school__in=[on_time, overdue])
        .select_related("school", "curator")
    )
    for n, a in enumerate(routine):
        _visit(
            school=a.school,
            year=year,
            curator=a.curator,
            days_ago=2 + n % 5,
            topics="Консультация",
            confirm=True,
            today=today,
        )
    visit = Visit.objects.filter(school=on_time, status=Visit.Status.CONFIRMED).order_by("-held_on").first()
    criteria = visits.criteria_for(year)
    if visit and criteria:
        visits.visit_evaluate(visit=visit, by=curator, scores={c.pk: (1, "") for c in criteria})
    # The contract follows the appointment (the calendar's «договоры с кураторами»), for the rest of the year.
    signed = mine.contract_date or mine.appointed_on
    appointments.contract_create(
        by=ctx["users"]["federal"],
        year=year,
        curator=curator,
        number=f"Д-{year.year}-001",
        signed_on=signed,
        starts_on=signed,
        ends_on=signed + datetime.timedelta(days=300),
        schools=[on_time],
    )
    return [
        f"Визиты: {curator.email} — {on_time.short_name} посещена вовремя (один визит ждёт подтверждения школы); "
        f"{overdue.short_name} ({other.curator.email}) — визит просрочен.",
    ]


def _questions(ctx) -> list[str]:
    year, users = ctx["year"], ctx["users"]
    school = ctx["schools"][0]
    director, curator, regional = users.get("director"), users.get("curator"), users.get("regional")
    if director is None or Thread.objects.filter(school=school, year=year).exists():
        return []
    lines = []
    if curator and school.curatorships.filter(year=year, curator=curator).exists():
        thread = consultations.thread_create(
            school=school,
            year=year,
            kind=Thread.Kind.CURATOR,
            author=director,
            subject="Какие показатели выбрать для направления «Низкая учебная мотивация»?",
            body="Подскажите, какие показатели удобнее собирать ежемесячно?",
        )
        consultations.message_create(
            thread=thread,
            author=curator,
            body="Долю обучающихся, посещающих консультации, и число пропусков без уважительной причины.",
            from_school=False,
        )
        lines.append(f"Вопросы: {school.short_name} задала вопрос куратору и получила ответ.")
    if regional and not FaqEntry.objects.filter(year=year).exists():
        forum = consultations.thread_create(
            school=school,
            year=year,
            kind=Thread.Kind.FORUM,
            author=director,
            subject="Можно ли менять мероприятия дорожной карты после подтверждения?",
            body="Если мероприятие потеряло смысл, как его отменить?",
        )
        answer = consultations.message_create(
            thread=forum,
            author=regional,
            body="Да: на этапе мониторинга отметьте мероприятие как «отменено» и укажите причину.",
            from_school=False,
        )
        consultations.faq_promote(message=answer, by=regional, question=forum.subject)
        lines.append("Форум: ответ регионального методиста опубликован в «Частых вопросах».")
    return lines


def _seminar(ctx, today) -> list[str]:
    year = ctx["year"]
    schools = ctx["schools"]
    region = schools[0].municipality.region
    if Event.objects.filter(year=year, kind=Event.Kind.SETUP_SEMINAR, region=region).exists():
        return []
    dates = year_calendar.milestone_dates(year=year, code="seminar", region=region)
    held_on = dates.due_on if dates else today
    in_region = [s for s in schools if s.municipality.region_id == region.pk]
    event = events.event_create(
        year=year,
        region=region,
        kind=Event.Kind.SETUP_SEMINAR,
        format=Event.Format.ONSITE,
        title="Установочный семинар для школ и кураторов",
        held_on=held_on,
        place="Смоленск, ГАУ ДПО СОИРО",
        schools=in_region,
        audience=["curator", "municipal", "regional"],
        by=ctx["users"]["regional"],
    )
    if held_on <= today:
        present = {s.pk for s in in_region[:-1]}  # one school missed it
        people = set(event.participants.exclude(level="municipal").values_list("pk", flat=True))
        events.event_attendance_mark(
            event=event,
            present_school_ids=present,
            present_participant_ids=people,
            by=ctx["users"]["regional"],
            today=today,
        )
    lines = [f"Семинары: установочный семинар, приглашено школ: {EventInvite.objects.filter(event=event).count()}."]
    dates = year_calendar.milestone_dates(year=year, code="curators_webinar", region=region)
    webinar = events.event_create(
        year=year,
        region=None,
        kind=Event.Kind.WEBINAR,
        format=Event.Format.REMOTE,
        title="Вебинар для кураторов: первичное посещение школы и верификация РПШ",
        held_on=dates.due_on if dates else today,
        place="https://webinar.example/curators",
        schools=[],
        audience=["curator"],
        by=ctx["users"]["federal"],
    )
    if webinar.held_on <= today:
        first = webinar.participants.order_by("pk").values_list("pk", flat=True)[:1]
        events.event_attendance_mark(
            event=webinar,
            present_school_ids=set(),
            present_participant_ids=set(first),
            by=ctx["users"]["federal"],
            today=today,
        )
    lines.append(f"Семинары: федеральный вебинар для кураторов, приглашено кураторов: {webinar.participants.count()}.")
    return lines


def _candidates(ctx, today) -> list[str]:
    """The municipal coordinator's pool: one candidate selected after an interview, one waiting."""
    year, municipal = ctx["year"], ctx["users"]["municipal"]
    role = municipal.roles.filter(year=year, kind="municipal").select_related("municipality__region").first()
    if role is None or CuratorCandidate.objects.filter(year=year, municipality=role.municipality).exists():
        return []
    people = [
        ("kandidat.sokolova", "Соколова", "Ирина", "Петровна", "заместитель директора по УВР"),
        ("kandidat.belov", "Белов", "Андрей", "Николаевич", "руководитель районного методобъединения"),
    ]
    created = []
    for local, last, first, middle, workplace in people:
        user, _ = User.objects.get_or_create(
            email=demo_data.email(local), defaults={"last_name": last, "first_name": first, "middle_name": middle}
        )
        if not user.has_usable_password():
            user.set_password(demo_data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        created.append(
            candidates.candidate_nominate(
                year=year,
                region=role.municipality.region,
                municipality=role.municipality,
                by=municipal,
                email=user.email,
                workplace=workplace,
            )
        )
    candidates.candidate_decide(
        candidate=created[0],
        by=municipal,
        decision=CuratorCandidate.Decision.SELECTED,
        interview_on=today - datetime.timedelta(days=3),
        note="Сильный управленец, согласовано с отделом образования",
    )
    return [f"Кандидаты в кураторы: {len(created)} в резерве «{role.municipality}» (вход: {created[0].user.email})."]


def _programmes(ctx) -> list[str]:
    """Other programmes of the first Smolensk school (seed 004's monitoring list), seen by its coordinators."""
    year, school = ctx["year"], ctx["schools"][0]
    if SchoolProgramme.objects.filter(school=school, year=year).exists():
        return []
    for level, title in (
        (SchoolProgramme.Level.FEDERAL, "«Точка роста»"),
        (SchoolProgramme.Level.REGIONAL, "Региональная программа поддержки сельских школ"),
    ):
        school_services.programme_add(school=school, year=year, level=level, title=title, by=ctx["users"]["municipal"])
    return [f"Школы: у «{school.short_name}» указаны другие программы (видны координаторам)."]


def _schedule(ctx, today) -> list[str]:
    """The demo curator plans the next visit to each of its schools a few days ahead (within the year)."""
    year, curator = ctx["year"], ctx["users"].get("curator")
    day = today + datetime.timedelta(days=5)
    if curator is None or day.year != year.year or PlannedVisit.objects.filter(year=year, curator=curator).exists():
        return []
    assignments = CuratorAssignment.objects.filter(year=year, curator=curator).select_related("school")
    for a in assignments:
        schedules.planned_visit_add(
            school=a.school, year=year, curator=curator, planned_on=day, note="Посещение уроков", today=today
        )
    return [f"Визиты: куратор запланировал визиты на {day:%d.%m.%Y} в школы: {assignments.count()}."]


def load(ctx: dict) -> list[str]:
    today = timezone.localdate()
    year = ctx["year"]
    year_calendar.calendar_create_default(year=year)
    lines = _rule(year)
    lines += _visits(ctx, today)
    lines += _questions(ctx)
    lines += _seminar(ctx, today)
    lines += _candidates(ctx, today)
    lines += _programmes(ctx)
    lines += _schedule(ctx, today)
    sent = visits.visits_overdue_notify(year=year, today=today)
    if sent:
        lines.append(f"Визиты: уведомлений о просроченных визитах — {sent}.")
    return lines
