"""Federal selective expertise: the rubric, expert scores with zones, samples and their assignment."""

import math
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit_services
from schools import services as school_services
from schools.models import ProjectYear, RoleAssignment, School, User
from schools.selectors import participating

from ..models import (
    RUBRIC_CRITERIA,
    Document,
    DocumentKind,
    Evaluation,
    ExpertiseItem,
    ExpertiseSample,
    Rubric,
    RubricCriterion,
    Score,
    Status,
    Zone,
)
from .documents import document_lock, latest_version, submitted_version

# --- Expert evaluation -----------------------------------------------------------------------------


@transaction.atomic
def rubric_for_year(*, year: ProjectYear) -> Rubric:
    rubric, created = Rubric.objects.get_or_create(year=year)
    if created:
        RubricCriterion.objects.bulk_create(
            [RubricCriterion(rubric=rubric, code=c, title=t, order=i) for i, (c, t) in enumerate(RUBRIC_CRITERIA)]
        )
    return rubric


@transaction.atomic
def rubric_copy(*, source: ProjectYear, target: ProjectYear) -> Rubric | None:
    """The source year's rubric (title, zones, criteria) for the target year; None if the source had none."""
    old = Rubric.objects.filter(year=source).first()
    if old is None or Rubric.objects.filter(year=target).exists():
        return None
    rubric = Rubric.objects.create(year=target, title=old.title, green_from=old.green_from, yellow_from=old.yellow_from)
    RubricCriterion.objects.bulk_create(
        RubricCriterion(rubric=rubric, code=c.code, title=c.title, order=c.order, max_score=c.max_score)
        for c in old.criteria.all()
    )
    return rubric


def zone_for(*, rubric: Rubric, total: int) -> str:
    if total >= rubric.green_from:
        return Zone.GREEN
    if total >= rubric.yellow_from:
        return Zone.YELLOW
    return Zone.RED


@transaction.atomic
def evaluation_save(
    *,
    document: Document,
    by: User,
    scores: dict[str, int],
    comment: str = "",
    item: ExpertiseItem | None = None,
) -> Evaluation:
    """Scores the confirmed version by the year's rubric (the curator's, or an expert's for a sampled school)."""
    document = document_lock(document)
    if document.status != Status.CONFIRMED:
        raise ValidationError("Оценивается только подтверждённый куратором документ.")
    version = submitted_version(document) or latest_version(document)
    rubric = rubric_for_year(year=document.year)
    criteria = list(rubric.criteria.all())
    values: dict[int, int] = {}
    for criterion in criteria:
        raw = scores.get(criterion.code)
        if raw in (None, ""):
            raise ValidationError(f"Не выставлен балл по критерию «{criterion.title}».")
        value = int(raw)
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(f"Балл по критерию «{criterion.title}» должен быть от 0 до {criterion.max_score}.")
        values[criterion.pk] = value
    total = sum(values.values())
    source = Evaluation.Source.EXPERT if item is not None else Evaluation.Source.CURATOR
    lookup = {"item": item} if item is not None else {"version": version, "source": source}
    evaluation, _ = Evaluation.objects.update_or_create(
        **lookup,
        defaults={
            "document": document,
            "version": version,
            "rubric": rubric,
            "source": source,
            "evaluator": by,
            "total": total,
            "zone": zone_for(rubric=rubric, total=total),
            "comment": comment.strip(),
            "updated_at": timezone.now(),
        },
    )
    evaluation.scores.all().delete()
    audit_services.record(
        actor=by,
        action="roadmap.evaluate",
        obj=document,
        school=document.school,
        details={"total": total, "source": source},
    )
    Score.objects.bulk_create([Score(evaluation=evaluation, criterion_id=pk, value=v) for pk, v in values.items()])
    return evaluation


def sample_pick(
    *, candidates: list[int], region_id: int, seed: int, share: Decimal | None, count: int | None
) -> list[int]:
    """Reproducible choice: the same seed and the same eligible schools give the same sample."""
    ordered = sorted(candidates)
    size = count if count is not None else math.ceil(len(ordered) * float(share or 0))
    size = min(size, len(ordered))
    return sorted(random.Random(f"{seed}:{region_id}").sample(ordered, size))  # noqa: S311 — not for security


@transaction.atomic
def sample_draw(
    *,
    year: ProjectYear,
    title: str,
    by: User,
    seed: int,
    share: Decimal | None = None,
    count: int | None = None,
) -> ExpertiseSample:
    """Draws schools with a confirmed roadmap, per region, by share or by count."""
    if (share is None) == (count is None):
        raise ValidationError("Укажите либо долю школ, либо число школ на регион.")
    if share is not None and not (Decimal(0) < share <= Decimal(1)):
        raise ValidationError("Доля школ должна быть больше 0 и не больше 1.")
    if count is not None and count < 1:
        raise ValidationError("Число школ на регион должно быть не меньше 1.")
    sample = ExpertiseSample.objects.create(
        year=year, title=title.strip() or "Выборочная экспертиза", share=share, count=count, seed=seed, created_by=by
    )
    eligible = (
        Document.objects.filter(
            year=year,
            kind=DocumentKind.ROADMAP,
            status=Status.CONFIRMED,
            school__in=participating(School.objects.all(), year),
        )
        .values_list("pk", "school_id", "school__municipality__region_id")
        .order_by("school_id")
    )
    by_region: dict[int, dict[int, int]] = {}
    for doc_id, school_id, region_id in eligible:
        by_region.setdefault(region_id, {})[school_id] = doc_id
    items = []
    for region_id, schools in sorted(by_region.items()):
        for school_id in sample_pick(
            candidates=list(schools), region_id=region_id, seed=seed, share=share, count=count
        ):
            items.append(
                ExpertiseItem(sample=sample, region_id=region_id, school_id=school_id, document_id=schools[school_id])
            )
    ExpertiseItem.objects.bulk_create(items)
    audit_services.record(
        actor=by, action="roadmap.sample_draw", obj=sample, details={"seed": seed, "schools": len(items)}
    )
    return sample


def is_expert(user: User, year: ProjectYear) -> bool:
    return RoleAssignment.objects.filter(user=user, year=year, kind=RoleAssignment.Kind.EXPERT).exists()


def experts_of(*, year: ProjectYear):
    return (
        User.objects.filter(roles__year=year, roles__kind=RoleAssignment.Kind.EXPERT).order_by("last_name").distinct()
    )


@transaction.atomic
def expert_appoint(
    *, year: ProjectYear, by: User, email: str, last_name: str = "", first_name: str = "", middle_name: str = ""
) -> RoleAssignment:
    """Gives a person the federal expert role of the year (a new e-mail gets an account and an invitation)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        if not last_name.strip():
            raise ValidationError(
                "Пользователя с таким e-mail нет: укажите фамилию и имя, чтобы создать учётную запись."
            )
        user = User.objects.create_user(
            email, last_name=last_name.strip(), first_name=first_name.strip(), middle_name=middle_name.strip()
        )
    elif not user.is_active:
        raise ValidationError("Эта учётная запись отключена.")
    role, new = RoleAssignment.objects.get_or_create(user=user, year=year, kind=RoleAssignment.Kind.EXPERT)
    if not new:
        raise ValidationError(f"{user.full_name or user.email} уже эксперт этого года.")
    if created:
        transaction.on_commit(lambda: school_services.user_invite(user=user))
    audit_services.record(actor=by, action="expert_appoint", obj=role, details={"email": user.email})
    return role


@transaction.atomic
def expert_remove(*, role: RoleAssignment, by: User) -> None:
    """Takes the role away; the expert's unscored items go back to the federal coordinator to reassign."""
    ExpertiseItem.objects.filter(sample__year=role.year, expert=role.user, evaluation__isnull=True).update(expert=None)
    audit_services.record(actor=by, action="expert_remove", obj=role.user, details={"year": role.year.year})
    role.delete()


def item_assign(*, item: ExpertiseItem, expert: User | None) -> ExpertiseItem:
    if expert is not None and not expert.is_active:
        raise ValidationError("Эта учётная запись отключена.")
    if expert is not None and not is_expert(expert, item.sample.year):
        raise ValidationError(
            f"{expert.full_name or expert.email} не эксперт этого года: сначала добавьте его в список экспертов."
        )
    item.expert = expert
    item.save(update_fields=["expert"])
    return item
