"""The import task on a real Celery worker (Redis broker, PostgreSQL test database)."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from schools import services
from schools.models import ImportJob, School
from tests.conftest import wait_for
from tests.factories import next_inn

from .xlsx import SCHOOL_HEADERS, school_row, xlsx


@pytest.mark.celery_worker
def test_a_confirmed_import_is_written_by_the_worker_and_the_job_records_it(cast, celery_worker):
    inns = [next_inn(), next_inn()]
    data = xlsx(
        [SCHOOL_HEADERS, *[school_row("Смоленская область", "Краснинский район", i, n) for n, i in enumerate(inns, 1)]]
    )
    upload = ContentFile(data, name="worker.xlsx")
    job = services.import_job_create(kind="schools", year=cast.year, file=upload, by=cast.admin)
    assert job.status == ImportJob.Status.CHECKED
    try:
        with transaction.atomic():  # on_commit queues the task for the worker
            services.import_job_confirm(job=job, by=cast.admin)

        done = wait_for(lambda: ImportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first())

        assert done.status == ImportJob.Status.DONE, done.errors or done.message
        assert done.progress == 100 and done.finished_at
        assert done.counts["schools"]["created"] == 2
        celery_worker.assert_ran("schools.tasks.import_job_run")
        assert School.objects.filter(inn__in=inns).count() == 2
    finally:
        job.file.delete(save=False)
        assert str(settings.MEDIA_ROOT)


@pytest.mark.celery_worker
def test_a_big_file_is_checked_by_the_worker(cast, celery_worker, monkeypatch):
    monkeypatch.setattr(services.imports, "IMPORT_SYNC_CHECK_BYTES", 0)
    rows = [school_row("Смоленская область", "Краснинский район", next_inn(), n) for n in range(1, 4)]
    rows[2][4] = "1234567890"
    with transaction.atomic():
        job = services.import_job_create(
            kind="schools", year=cast.year, file=ContentFile(xlsx([SCHOOL_HEADERS, *rows]), name="big.xlsx")
        )
    try:
        assert job.status == ImportJob.Status.CHECKING
        done = wait_for(lambda: ImportJob.objects.filter(pk=job.pk).exclude(status="checking").first())
        assert done.status == ImportJob.Status.INVALID
        celery_worker.assert_ran("schools.tasks.import_job_check")
        assert [e["text"] for e in done.errors] == [
            "Строка 4, столбец E «ИНН»: Неверная контрольная сумма ИНН. Значение: «1234567890»."
        ]
    finally:
        job.file.delete(save=False)
