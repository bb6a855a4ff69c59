from celery import shared_task

from . import services
from .models import ProfileJob


@shared_task(acks_late=True)
def profiles_recompute_task(job_id: int) -> None:
    job = ProfileJob.objects.select_related("year", "created_by").filter(pk=job_id).first()
    if job is not None:
        services.job_run(job=job)
