"""«Что сделать сейчас» for a school: the year's steps from its calendar and the real states.

Each step is done, to do (the school acts), waiting (someone else acts — named), or later (not open yet,
or after an earlier step). The cabinet shows them; the reminders pass reads the same steps to say what
is owed and to tell whoever unblocks a waiting step. Facts for many schools load in a fixed number of
queries (`school_steps_many`); `derive` turns one school's facts into steps without touching the database.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper
from django.urls import reverse

from curators.models import Visit
from roadmaps.models import Document, DocumentKind
from roadmaps.models import Status as DocStatus
from schools.models import CuratorAssignment, ProjectYear, RoleAssignment, School
from surveys.models import RiskActivation, RiskProfile
from yearcalendar.models import Milestone, RegionalMilestone

from ..models import MonitoringReport
from ..services import indicators as ind

DONE = "done"
TODO = "todo"  # the school acts now
WAITING = "waiting"  # someone else acts; `who` names them
LATER = "later"  # not open yet, or after an earlier step
STATE_LABELS = {DONE: "выполнено", TODO: "нужно сделать", WAITING: "ждём", LATER: "позже"}


@dataclass
class Step:
    code: str
    title: str
    state: str
    milestones: tuple[str, ...] = ()
    due_on: datetime.date | None = None
    text: str = ""  # the plain status: what is done, what is missing, why it waits
    action: str = ""  # the button's words when the school acts
    url: str = ""
    who: str = ""  # who unblocks a waiting step: «куратор Громов А. Н.»
    who_user: object = None  # the person behind `who` (reminders write to them)
    late: bool = False
    current: bool = False

    @property
    def state_label(self) -> str:
        return "срок пропущен" if self.late else STATE_LABELS[self.state]


@dataclass
class SchoolSteps:
    school: School
    steps: list[Step]
    visits_to_confirm: list = field(default_factory=list)  # (visit pk, held_on) the school has to confirm

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.current), None)

    @property
    def main(self) -> Step | None:
        """The one main button: the first step the school can act on now."""
        return next((s for s in self.steps if s.state == TODO), None)

    @property
    def done(self) -> int:
        return sum(s.state == DONE for s in self.steps)

    def for_milestone(self, code: str) -> Step | None:
        """The first unfinished step behind a calendar milestone (what a reminder about it says)."""
        return next((s for s in self.steps if code in s.milestones and s.state != DONE), None)


@dataclass
class Calendar:
    """Effective (start, due) per milestone code and region — two queries for all regions."""

    federal: dict[str, tuple] = field(default_factory=dict)
    regional: dict[tuple[int, str], tuple] = field(default_factory=dict)

    def get(self, code: str, region_id: int) -> tuple[datetime.date | None, datetime.date | None]:
        return self.regional.get((region_id, code)) or self.federal.get(code) or (None, None)

    def due(self, codes: tuple[str, ...], region_id: int) -> datetime.date | None:
        dates = [d for c in codes if (d := self.get(c, region_id)[1])]
        return max(dates, default=None)


def calendar_for(*, year: ProjectYear, region_ids) -> Calendar:
    cal = Calendar()
    for code, starts_on, due_on in Milestone.objects.filter(year=year).values_list("code", "starts_on", "due_on"):
        cal.federal[code] = (starts_on, due_on)
    overrides = RegionalMilestone.objects.filter(milestone__year=year, region_id__in=list(region_ids))
    for region_id, code, starts_on, due_on in overrides.values_list(
        "region_id", "milestone__code", "starts_on", "due_on"
    ):
        cal.regional[(region_id, code)] = (starts_on, due_on)
    return cal


@dataclass
class Facts:
    """What the steps of one school are derived from."""

    school: School
    director_answered: bool = False
    questionnaires_done: bool = False
    profile_published: bool = False
    profile_verification: str = ""  # RiskProfile.Verification or "" without a profile
    curator: object = None
    municipal: list = field(default_factory=list)  # the municipality's coordinators (they appoint curators)
    activated: list = field(default_factory=list)  # [(direction id, title)]
    documents: list = field(default_factory=list)  # [{"pk", "kind", "direction_id", "status"}]
    reports: dict = field(default_factory=dict)  # stage → (pk, status)
    visits_to_confirm: list = field(default_factory=list)


def _person(role: str, user) -> str:
    return f"{role} {user.short_name}" if user else ""


def _late(state: str, due_on, today) -> bool:
    return state != DONE and due_on is not None and today > due_on


def _questionnaires(f: Facts, cal: Calendar, today) -> Step:
    region = f.school.municipality.region_id
    codes = ("director_survey", "questionnaires")
    step = Step("questionnaires", "Анкетирование", TODO, codes, cal.due(codes, region))
    step.url = reverse("surveys:school_diagnosis", args=[f.school.pk])
    if f.questionnaires_done:
        step.state, step.text = DONE, "Анкета директора заполнена, ответов педагогов, обучающихся и родителей хватает."
    elif not f.director_answered:
        step.text = "Заполните анкету директора и раздайте ссылки педагогам, обучающимся и родителям."
        step.action = "Заполнить анкету директора"
        step.url = reverse("surveys:director_survey", args=[f.school.pk])
    else:
        step.text = "Анкета директора заполнена. Ответов пока мало: напомните педагогам, обучающимся и родителям."
        step.action = "Посмотреть, кто ответил"
    return step


def _profile(f: Facts, cal: Calendar, before: Step) -> Step:
    region = f.school.municipality.region_id
    codes = ("profiles_published", "first_visit")
    step = Step("profile", "Рисковый профиль проверен куратором", WAITING, codes, cal.due(("first_visit",), region))
    step.url = reverse("surveys:profile_detail", args=[f.school.pk])
    if f.profile_verification in (RiskProfile.Verification.CONFIRMED, RiskProfile.Verification.COMMENTED):
        step.state = DONE
        step.text = (
            "Куратор подтвердил профиль."
            if f.profile_verification == RiskProfile.Verification.CONFIRMED
            else "Куратор проверил профиль и оставил замечания — прочитайте их."
        )
    elif not f.profile_published:
        if before.state != DONE:
            step.state, step.text = LATER, "Профиль рассчитывается по анкетам, когда анкетирование завершено."
        else:
            step.who = "федеральный координатор"
            publish_on = cal.get("profiles_published", region)[1]
            when = f" (срок {publish_on:%d.%m.%Y})" if publish_on else ""
            step.text = f"Ждём публикации рисковых профилей: публикует федеральный координатор{when}."
    elif f.curator is None:
        names = ", ".join(u.short_name for u in f.municipal)
        step.who = f"муниципальный координатор {names}" if names else "муниципальный координатор"
        step.who_user = f.municipal[0] if f.municipal else None
        step.text = f"Профиль опубликован, но куратор ещё не назначен. Назначает {step.who}."
    else:
        step.who, step.who_user = _person("куратор", f.curator), f.curator
        step.text = f"Ждём, когда {step.who} проверит рисковый профиль после первого визита."
    return step


def _risks(f: Facts, cal: Calendar, profile: Step) -> Step:
    step = Step("risks", "Рисковые направления выбраны", TODO, ("first_visit",))
    step.due_on = cal.due(("first_visit",), f.school.municipality.region_id)
    step.url = reverse("surveys:activation_edit", args=[f.school.pk])
    if f.activated:
        step.state = DONE
        step.text = "В работе: " + "; ".join(title for _, title in f.activated) + "."
    elif profile.state != DONE:
        step.state, step.text = LATER, "Направления выбираются после проверки профиля куратором."
        step.url = ""
    else:
        step.text = "Выберите направления, над которыми школа будет работать в этом году, и обоснуйте выбор."
        step.action = "Выбрать рисковые направления"
    return step


def _document_step(
    *, step: Step, docs: list[dict], needed: list[str], curator, on_return_url, upload_url: str, upload_action: str
) -> Step:
    """The common review loop: missing → upload; returned → fix; on review → wait for the curator."""
    returned = [d for d in docs if d["status"] == DocStatus.RETURNED]
    submitted = [d for d in docs if d["status"] == DocStatus.SUBMITTED]
    confirmed = [d for d in docs if d["status"] == DocStatus.CONFIRMED]
    if returned:
        step.text = f"Куратор вернул на доработку: {', '.join(d['label'] for d in returned)}. Причина — в документе."
        step.action, step.url = "Исправить и отправить снова", on_return_url(returned[0])
    elif needed:
        step.text = "Нужно разместить: " + ", ".join(needed) + "."
        step.action, step.url = upload_action, upload_url
    elif submitted and len(submitted) + len(confirmed) == len(docs):
        step.state = WAITING
        step.who, step.who_user = _person("куратор", curator), curator
        names = ", ".join(d["label"] for d in submitted)
        step.text = f"Ждём, когда {step.who or 'куратор'} проверит: {names}."
        step.url = upload_url
    elif docs and len(confirmed) == len(docs):
        step.state, step.text = DONE, "Всё подтверждено куратором."
    else:
        drafts = ", ".join(d["label"] for d in docs if d["status"] == DocStatus.DRAFT)
        step.text = f"Отправьте куратору на проверку: {drafts}."
        step.action, step.url = "Отправить на проверку", upload_url
    return step


def _label(doc: dict, titles: dict) -> str:
    if doc["kind"] == DocumentKind.ANTIRISK:
        return f"Антирисковая программа «{titles.get(doc['direction_id'], '')}»"
    return DocumentKind(doc["kind"]).label


def _roadmap(f: Facts, cal: Calendar, risks: Step) -> Step:
    step = Step("roadmap", "Дорожная карта", TODO, ("roadmaps_placed",))
    step.due_on = cal.due(step.milestones, f.school.municipality.region_id)
    url = reverse("roadmaps:roadmap_detail", args=[f.school.pk])
    step.url = url
    if risks.state != DONE:
        step.state, step.url = LATER, ""
        step.text = "Дорожная карта составляется по выбранным рисковым направлениям — после их выбора."
        return step
    docs = [d | {"label": "Дорожная карта"} for d in f.documents if d["kind"] == DocumentKind.ROADMAP]
    needed = [] if docs else ["дорожная карта с мероприятиями и показателями"]
    return _document_step(
        step=step,
        docs=docs,
        needed=needed,
        curator=f.curator,
        on_return_url=lambda d: url,
        upload_url=url,
        upload_action="Заполнить дорожную карту",
    )


def _concept(f: Facts, cal: Calendar, risks: Step) -> Step:
    step = Step("concept_docs", "Концептуальные документы", TODO, ("concept_documents",))
    step.due_on = cal.due(step.milestones, f.school.municipality.region_id)
    titles = dict(f.activated)
    docs = [
        d | {"label": _label(d, titles)}
        for d in f.documents
        if d["kind"] in (DocumentKind.CONCEPT, DocumentKind.MIDTERM)
        or (d["kind"] == DocumentKind.ANTIRISK and d["direction_id"] in titles)
    ]
    have = {(d["kind"], d["direction_id"]) for d in docs}
    needed = [DocumentKind(k).label for k in (DocumentKind.CONCEPT, DocumentKind.MIDTERM) if (k, None) not in have]
    needed += [
        f"Антирисковая программа «{title}»" for pk, title in f.activated if (DocumentKind.ANTIRISK, pk) not in have
    ]
    url = reverse("roadmaps:document_list", args=[f.school.pk])
    step = _document_step(
        step=step,
        docs=docs,
        needed=needed,
        curator=f.curator,
        on_return_url=lambda d: reverse("roadmaps:document_detail", args=[d["pk"]]),
        upload_url=url,
        upload_action="Загрузить документы",
    )
    if step.state == DONE and risks.state != DONE:
        # Concept and programme confirmed, but anti-risk programmes follow the chosen directions.
        step.state = LATER
        step.text = "Концепция и программа подтверждены; антирисковые программы — после выбора направлений."
    return step


def _monitoring(f: Facts, cal: Calendar, stage: int, before: Step, today) -> Step:
    code = f"monitoring_{stage}"
    starts_on, due_on = cal.get(code, f.school.municipality.region_id)
    step = Step(code, f"Мониторинг, {stage} этап", TODO, (code,), due_on)
    step.url = reverse("monitoring:stage_report_list", args=[f.school.pk])
    pk, status = f.reports.get(stage, (None, ""))
    if status == MonitoringReport.Status.CONFIRMED:
        step.state, step.text = DONE, "Отчёт подтверждён куратором."
    elif status == MonitoringReport.Status.SUBMITTED:
        step.state = WAITING
        step.who, step.who_user = _person("куратор", f.curator), f.curator
        step.text = f"Ждём, когда {step.who or 'куратор'} проверит отчёт."
    elif status == MonitoringReport.Status.RETURNED:
        step.text = "Куратор вернул отчёт на доработку — причина в отчёте."
        step.action, step.url = "Исправить отчёт", reverse("monitoring:stage_report_detail", args=[pk])
    elif status == MonitoringReport.Status.DRAFT:
        step.text = "Отчёт начат: заполните фактические значения показателей и отправьте куратору."
        step.action, step.url = "Продолжить отчёт", reverse("monitoring:stage_report_detail", args=[pk])
    elif before.state != DONE:
        step.state, step.text = LATER, "Отчёт о ходе дорожной карты — после её подтверждения куратором."
    elif starts_on and today < starts_on:
        step.state, step.text = LATER, f"Отчёт принимается с {starts_on:%d.%m.%Y}."
    else:
        step.text = "Расскажите, как выполняется дорожная карта: значения показателей, мероприятия, подтверждения."
        step.action = "Начать отчёт"
    return step


def derive(f: Facts, cal: Calendar, today: datetime.date) -> list[Step]:
    """The school's steps in the order of the year; the first unfinished one is current."""
    questionnaires = _questionnaires(f, cal, today)
    profile = _profile(f, cal, questionnaires)
    risks = _risks(f, cal, profile)
    roadmap = _roadmap(f, cal, risks)
    concept = _concept(f, cal, risks)
    first = _monitoring(f, cal, 1, roadmap, today)
    second = _monitoring(f, cal, 2, first, today)
    steps = [questionnaires, profile, risks, roadmap, concept, first, second]
    for step in steps:
        step.late = _late(step.state, step.due_on, today)
    current = next((s for s in steps if s.state in (TODO, WAITING)), None)
    if current is not None:
        current.current = True
    return steps


def facts_many(*, schools, year: ProjectYear) -> dict[int, Facts]:
    """Facts of many schools — nine queries whatever their number."""
    exprs = ind.school_expressions(year=year)
    wanted = {"directors": "director_answered", "questionnaires": "questionnaires_done"}
    annotated = schools.select_related("municipality__region").annotate(
        **{f"ind_{c}": ExpressionWrapper(exprs[c], output_field=BooleanField()) for c in wanted if c in exprs}
    )
    facts: dict[int, Facts] = {}
    for school in annotated:
        item = Facts(school=school)
        for code, attr in wanted.items():
            setattr(item, attr, bool(getattr(school, f"ind_{code}", False)))
        facts[school.pk] = item
    ids = list(facts)
    for school_id, published_at, verification in RiskProfile.objects.filter(school_id__in=ids, year=year).values_list(
        "school_id", "published_at", "verification"
    ):
        facts[school_id].profile_published = published_at is not None
        facts[school_id].profile_verification = verification if published_at else ""
    for a in CuratorAssignment.objects.filter(year=year, school_id__in=ids).select_related("curator"):
        facts[a.school_id].curator = a.curator
    municipal = defaultdict(list)
    mun_ids = {f.school.municipality_id for f in facts.values()}
    for role in RoleAssignment.objects.filter(
        year=year, kind=RoleAssignment.Kind.MUNICIPAL, municipality_id__in=mun_ids
    ).select_related("user"):
        municipal[role.municipality_id].append(role.user)
    for item in facts.values():
        item.municipal = sorted(municipal[item.school.municipality_id], key=lambda u: u.short_name)
    for school_id, direction_id, title in (
        RiskActivation.objects.filter(school_id__in=ids, direction__year=year)
        .order_by("direction__number")
        .values_list("school_id", "direction_id", "direction__title")
    ):
        facts[school_id].activated.append((direction_id, title))
    for doc in (
        Document.objects.filter(school_id__in=ids, year=year)
        .exclude(kind=DocumentKind.SUPPORTING)
        .order_by("kind", "pk")
        .values("pk", "school_id", "kind", "direction_id", "status")
    ):
        facts[doc["school_id"]].documents.append(doc)
    for pk, school_id, stage, status in MonitoringReport.objects.filter(school_id__in=ids, year=year).values_list(
        "pk", "school_id", "stage", "status"
    ):
        facts[school_id].reports[stage] = (pk, status)
    for pk, school_id, held_on in (
        Visit.objects.filter(school_id__in=ids, year=year, status=Visit.Status.AWAITING)
        .order_by("held_on")
        .values_list("pk", "school_id", "held_on")
    ):
        facts[school_id].visits_to_confirm.append((pk, held_on))
    return facts


def school_steps_many(*, schools, year: ProjectYear, today: datetime.date) -> dict[int, SchoolSteps]:
    """Every school's steps — eleven queries whatever the number of schools."""
    facts = facts_many(schools=schools, year=year)
    cal = calendar_for(year=year, region_ids={f.school.municipality.region_id for f in facts.values()})
    return {
        pk: SchoolSteps(school=f.school, steps=derive(f, cal, today), visits_to_confirm=f.visits_to_confirm)
        for pk, f in facts.items()
    }


def school_steps(*, school: School, year: ProjectYear, today: datetime.date) -> SchoolSteps:
    return school_steps_many(schools=School.objects.filter(pk=school.pk), year=year, today=today)[school.pk]
