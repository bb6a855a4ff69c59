"""Loading assessment results: upload and check (the preview), then confirm (the write)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from medk.lib import uploads
from schools.models import Region, User

from . import importing
from .models import ResultsImport

logger = logging.getLogger(__name__)


def _record(job: ResultsImport, result) -> None:
    data = result.to_json()
    job.rows = data["rows"]
    job.counts = data["counts"]
    job.errors = data["problems"]


def _run(job: ResultsImport, *, dry_run: bool):
    with job.file.open("rb") as stored:
        return importing.run(
            file=stored,
            assessment=job.assessment,
            year=job.year,
            region_id=job.region_id,
            dry_run=dry_run,
            job=None if dry_run else job,
        )


def results_import_create(*, assessment: str, year: int, file, by: User, region: Region | None = None) -> ResultsImport:
    """Stores the file privately and checks it (a dry run): the job shows every error, or what would change."""
    if file.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            f"Файл слишком большой: {file.size // (1024 * 1024)} МБ, допускается не более "
            f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} МБ."
        )
    job = ResultsImport(
        assessment=assessment,
        year=year,
        region=region,
        original_name=uploads.display_name(file.name, default="results.xlsx"),
        created_by=by,
    )
    job.file.save("results.xlsx", file, save=False)
    try:
        result = _run(job, dry_run=True)
    except Exception:
        logger.exception("results import: check failed")
        job.status, job.message = ResultsImport.Status.FAILED, "Проверка файла не удалась из-за внутренней ошибки."
        job.save()
        return job
    _record(job, result)
    job.status = ResultsImport.Status.CHECKED if result.ok else ResultsImport.Status.INVALID
    job.save()
    return job


def results_import_confirm(*, job: ResultsImport, by: User) -> ResultsImport:
    """Writes a checked file: the file is checked again against the data of this moment; all rows or none."""
    with transaction.atomic():
        locked = ResultsImport.objects.select_for_update().get(pk=job.pk)
        if locked.status != ResultsImport.Status.CHECKED:
            raise ValidationError("Эту загрузку нельзя записать: она не проверена или уже записана.")
        result = _run(locked, dry_run=False)
        _record(locked, result)
        locked.finished_at = timezone.now()
        if result.applied:
            locked.status, locked.message = ResultsImport.Status.DONE, "Результаты записаны."
        else:
            locked.status = ResultsImport.Status.FAILED
            locked.message = "Не записано: данные изменились, в файле теперь есть ошибки; ничего не записано."
        locked.save()
        audit.record(
            actor=by,
            action="import",
            obj=locked,
            region_id=locked.region_id,
            details={
                "assessment": locked.assessment,
                "year": locked.year,
                "file": locked.original_name,
                "applied": result.applied,
                "counts": locked.counts,
            },
        )
    return locked
