from celery import shared_task

from . import similarity


@shared_task
def version_similarity(version_id: int) -> None:
    similarity.version_similarity(version_id=version_id)
