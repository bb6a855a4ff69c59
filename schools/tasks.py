from celery import shared_task

from . import invitations, services
from .models import ImportJob


@shared_task(acks_late=True)
def import_job_run(job_id: int) -> str:
    job = ImportJob.objects.select_related("year", "created_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    return services.import_job_execute(job=job).status


@shared_task(acks_late=True)
def import_job_check(job_id: int) -> str:
    job = ImportJob.objects.select_related("year").filter(pk=job_id).first()
    if job is None:
        return "missing"
    return services.import_job_check(job=job).status


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def users_invite(user_ids: list[int], job_id: int | None = None) -> int:
    """The invitation letters of an import (or any batch of new accounts); resumes after the sent ones."""
    job = ImportJob.objects.filter(pk=job_id).first() if job_id else None
    return invitations.users_invite(user_ids=user_ids, job=job)
