"""Excel import jobs (the browser flow): the stored file is checked (a dry run), then written by a task."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from medk.lib import queue, uploads

from .. import importing, signals, tasks
from ..models import ImportJob, ProjectYear, Region, User

logger = logging.getLogger(__name__)

IMPORT_SYNC_CHECK_BYTES = 256 * 1024


def import_job_create(
    *,
    kind: str,
    year: ProjectYear,
    file,
    create_municipalities: bool = False,
    by: User | None = None,
    region: Region | None = None,
    sync: bool = False,
) -> ImportJob:
    """Stores the uploaded file privately and checks it (a dry run) now or in a task: the job shows the preview."""
    if file.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            f"Файл слишком большой: {file.size // (1024 * 1024)} МБ, допускается не более "
            f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} МБ."
        )
    job = ImportJob(
        kind=kind,
        year=year,
        original_name=uploads.display_name(file.name, default="import.xlsx"),
        create_municipalities=create_municipalities,
        region=region,
        sync=sync and kind == importing.schools_kind.KIND,
        created_by=by,
        status=ImportJob.Status.CHECKING,
        message="Проверка файла",
    )
    job.file.save("import.xlsx", file, save=False)
    job.save()
    if file.size <= IMPORT_SYNC_CHECK_BYTES:
        return import_job_check(job=job)
    queue.enqueue_on_commit(tasks.import_job_check, job.pk, on_failure=lambda msg: _import_job_fail(job, msg))
    return job


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run of a stored file: every problem, or what would be created, updated and left unchanged."""
    if job.status != ImportJob.Status.CHECKING:
        return job
    jobs = ImportJob.objects.filter(pk=job.pk)

    def progress(done: int, total: int) -> None:
        jobs.update(progress=int(100 * done / max(total, 1)))

    try:
        with job.file.open("rb") as stored:
            result = importing.run(
                kind=job.kind,
                file=stored,
                year=job.year,
                dry_run=True,
                create_municipalities=job.create_municipalities,
                progress=progress,
                region=job.region,
                sync=job.sync,
            )
    except Exception:
        logger.exception("import job %s: check failed", job.pk)
        jobs.update(status=ImportJob.Status.FAILED, message="Проверка файла не удалась из-за внутренней ошибки.")
        job.refresh_from_db()
        return job
    _job_record(job, result)
    job.status = ImportJob.Status.CHECKED if result.ok else ImportJob.Status.INVALID
    job.progress = 0
    job.message = ""
    job.save()
    return job


def _job_record(job: ImportJob, result) -> None:
    data = result.to_json()
    job.rows = data["rows"]
    job.counts = data["counts"] | ({"details": data["details"]} if data["details"] else {})
    job.counts["ignored_headers"] = data["ignored_headers"]
    job.errors = data["problems"]


def import_job_confirm(*, job: ImportJob, by: User) -> ImportJob:
    """Queues the write of a checked import (the task re-checks the file against the data of that moment)."""
    if job.status != ImportJob.Status.CHECKED:
        raise ValidationError("Этот импорт нельзя запустить: он не проверен или уже запущен.")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.QUEUED, progress=0, message=""
    )
    if not updated:
        raise ValidationError("Этот импорт уже запущен.")
    job.refresh_from_db()
    queue.enqueue_on_commit(tasks.import_job_run, job.pk, on_failure=lambda msg: _import_job_fail(job, msg))
    return job


def _import_job_fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
    )


def import_job_execute(*, job: ImportJob) -> ImportJob:
    """The write itself (called by the Celery task): everything or nothing, with progress on the job."""
    if job.status not in {ImportJob.Status.QUEUED, ImportJob.Status.RUNNING}:
        return job
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(status=ImportJob.Status.RUNNING, progress=5, message="Проверка файла")

    def progress(done: int, total: int) -> None:
        jobs.update(progress=5 + int(55 * done / max(total, 1)))

    try:
        with job.file.open("rb") as stored:
            result = importing.run(
                kind=job.kind,
                file=stored,
                year=job.year,
                create_municipalities=job.create_municipalities,
                by=job.created_by,
                progress=progress,
                region=job.region,
                sync=job.sync,
                job=job,
            )
    except Exception:
        logger.exception("import job %s failed", job.pk)
        jobs.update(
            status=ImportJob.Status.FAILED,
            message="Импорт не выполнен из-за внутренней ошибки; ничего не записано.",
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    _job_record(job, result)
    job.finished_at = timezone.now()
    if result.applied:
        job.status, job.progress, job.message = ImportJob.Status.DONE, 100, "Импорт выполнен"
    else:
        job.status, job.message = (
            ImportJob.Status.FAILED,
            "Импорт не выполнен: в файле есть ошибки; ничего не записано.",
        )
    # Not the invitation counters: the invitation task may already be updating them.
    job.save(update_fields=["rows", "counts", "errors", "finished_at", "status", "progress", "message"])
    signals.announce(
        actor=job.created_by,
        action="import",
        obj=job,
        details={
            "kind": job.kind,
            "file": job.original_name,
            "applied": bool(result.applied),
            "rows": job.rows,
            "counts": {k: v for k, v in job.counts.items() if k not in ("details", "ignored_headers")},
        },
    )
    return job
