"""The questionnaire structure of one version (immutable, so cached in-process) and the active version."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from schools.models import ProjectYear

from ..models import (
    Option,
    Question,
    Questionnaire,
)


@dataclass
class OptionView:
    id: int
    text: str
    low: int | None
    high: int | None


@dataclass
class QuestionView:
    id: int
    code: str
    text: str
    help_text: str
    kind: str
    required: bool
    min_value: int | None
    max_value: int | None
    options: list[OptionView]

    @property
    def field_name(self) -> str:
        return f"q{self.id}"


@dataclass
class SectionView:
    title: str
    questions: list[QuestionView] = field(default_factory=list)


@dataclass
class QuestionnaireStructure:
    id: int
    sections: list[SectionView]

    @property
    def questions(self) -> list[QuestionView]:
        return [q for s in self.sections for q in s.questions]


_structures: dict[tuple, QuestionnaireStructure] = {}


def questionnaire_structure(questionnaire: Questionnaire) -> QuestionnaireStructure:
    """Sections, questions and options of one version. A loaded version never changes (a new
    definition becomes a new version), so the structure is kept per process."""
    key = (questionnaire.pk, questionnaire.checksum, questionnaire.loaded_at)
    cached = _structures.get(key)
    if cached is not None:
        return cached
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
        .order_by("section__order", "order")
    )
    sections: dict[int, SectionView] = {}
    for q in questions:
        section = sections.setdefault(q.section_id, SectionView(q.section.title))
        section.questions.append(
            QuestionView(
                id=q.pk,
                code=q.code,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                required=q.required,
                min_value=q.min_value,
                max_value=q.max_value,
                options=[OptionView(o.pk, o.text, o.low, o.high) for o in q.options.all()],
            )
        )
    structure = QuestionnaireStructure(id=questionnaire.pk, sections=list(sections.values()))
    if len(_structures) > 200:
        _structures.clear()
    _structures[key] = structure
    return structure


def active_questionnaire(*, year: ProjectYear, group: str) -> Questionnaire | None:
    return Questionnaire.objects.filter(year=year, group=group, is_active=True).first()
