"""The profile recompute on a real Celery worker (Redis broker, PostgreSQL test database)."""

from django.urls import reverse

from surveys.models import ProfileJob, RiskProfile
from tests.conftest import login, wait_for

from . import helpers


def test_the_year_recompute_runs_on_a_worker_and_the_page_reports_done(cast, celery_worker):
    helpers.setup(cast)
    client = login(cast.federal)
    response = client.post(reverse("surveys:year_recompute"))
    assert response.status_code == 302
    job = ProfileJob.objects.get()
    page = client.get(response["Location"])
    assert 'hx-trigger="every 2s"' in page.content.decode() or job.status == "done"
    done = wait_for(lambda: ProfileJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first())
    assert done.status == "done", done.message
    assert done.profiles == 4
    celery_worker.assert_ran("surveys.tasks.profiles_recompute_task")
    assert RiskProfile.objects.filter(year=cast.year).count() == 4
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Пересчитано профилей: 4" in fragment
    assert "hx-trigger" not in fragment


def test_one_schools_recompute_runs_on_a_worker(cast, celery_worker):
    helpers.setup(cast)
    response = login(cast.federal).post(reverse("surveys:profile_recompute", args=[cast.school_b.pk]))
    job = ProfileJob.objects.get()
    assert response["Location"] == reverse("surveys:job_detail", args=[job.pk])
    done = wait_for(lambda: ProfileJob.objects.filter(pk=job.pk, status="done").first())
    assert done.profiles == 1
    celery_worker.assert_ran("surveys.tasks.profiles_recompute_task")
    assert list(RiskProfile.objects.values_list("school", flat=True)) == [cast.school_b.pk]
