from celery import shared_task

from . import services
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
