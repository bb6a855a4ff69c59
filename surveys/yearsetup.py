"""The diagnosis part of a new project year: risk directions, settings, scoring method and questionnaires."""

from django.db import transaction

from schools.models import ProjectYear

from . import loading
from .models import DiagnosisSettings, Questionnaire, RiskDirection

_SETTINGS = ("teacher_share", "pupil_share", "parent_share", "min_answers")


@transaction.atomic
def year_create(*, year: ProjectYear) -> None:
    """The federal template: the ten directions and the six questionnaires of the built-in definition."""
    loading.questionnaires_load_file(year=year, path=loading.template_path(year.year))


@transaction.atomic
def year_copy(*, source: ProjectYear, target: ProjectYear) -> None:
    """The source year's directions and thresholds; its questionnaires become new versions in the target year
    (new rows: the old year's questionnaires, answers and profiles are not touched)."""
    existing = set(RiskDirection.objects.filter(year=target).values_list("code", flat=True))
    RiskDirection.objects.bulk_create(
        RiskDirection(
            year=target, number=d.number, code=d.code, title=d.title, description=d.description, is_retired=d.is_retired
        )
        for d in RiskDirection.objects.filter(year=source)
        if d.code not in existing
    )
    settings = DiagnosisSettings.objects.filter(year=source).first()
    if settings is not None:
        DiagnosisSettings.objects.update_or_create(year=target, defaults={f: getattr(settings, f) for f in _SETTINGS})
    versions = dict(Questionnaire.objects.filter(year=source, is_active=True).values_list("group", "version"))
    loading.questionnaires_load_file(year=target, path=loading.template_path(source.year), after_versions=versions)
