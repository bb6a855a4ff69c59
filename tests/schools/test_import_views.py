"""The administrator's browser flow: upload → preview → confirm → the task writes, the page polls."""

import io

import openpyxl
import pytest
from django.urls import reverse

from schools import services
from schools.models import ImportJob, School
from tests.conftest import login
from tests.factories import next_inn

from .state import db_state
from .xlsx import SCHOOL_HEADERS, school_row, upload, xlsx

CREATE = reverse("schools:import_job_create")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def good_file(cast):
    inns = [next_inn(), next_inn()]
    rows = [school_row("Смоленская область", "Краснинский район", inn, n) for n, inn in enumerate(inns, 1)]
    return inns, xlsx([SCHOOL_HEADERS, *rows])


def post_file(client, data: bytes, name="schools.xlsx", **extra):
    form = {"kind": "schools", "year": extra.pop("year"), "file": upload(data, name)} | extra
    return client.post(CREATE, form)


def test_the_upload_page_offers_the_kinds_and_the_templates(cast):
    page = login(cast.admin).get(CREATE).content.decode()
    assert "Муниципальные координаторы" in page
    assert reverse("schools:import_template", args=["curators"]) in page
    assert 'name="create_municipalities"' in page


def test_municipal_coordinators_school_staff_and_anonymous_users_do_not_reach_the_import(cast, client):
    # The federal level and the regional coordinators (their region's lists) import; the rest do not see it.
    assert login(cast.federal).get(CREATE).status_code == 200
    assert login(cast.regional).get(CREATE).status_code == 200
    assert login(cast.municipal).get(CREATE).status_code == 404
    assert login(cast.director).get(CREATE).status_code == 404
    assert client.get(CREATE).status_code == 302


def test_a_good_file_is_previewed_without_writing(cast, good_file):
    inns, data = good_file
    before = db_state()
    client = login(cast.admin)

    response = post_file(client, data, year=cast.year.pk)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("schools:import_job_detail", args=[job.pk])
    assert job.status == ImportJob.Status.CHECKED
    assert job.counts["schools"]["created"] == 2
    assert job.created_by == cast.admin and job.original_name == "schools.xlsx"
    assert db_state() == before
    page = client.get(response["Location"]).content.decode()
    assert "Что будет сделано" in page
    assert "Подтвердить и записать" in page


def test_a_file_with_errors_shows_each_with_its_row_and_column_and_cannot_be_confirmed(cast):
    rows = [school_row("Смоленская область", "Краснинский район", "1234567890", 1)]
    client = login(cast.admin)
    response = post_file(client, xlsx([SCHOOL_HEADERS, *rows]), year=cast.year.pk)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(response["Location"]).content.decode()
    assert "<td>2</td><td>E «ИНН»</td><td>Неверная контрольная сумма ИНН. Значение: «1234567890».</td>" in page
    assert "Подтвердить и записать" not in page
    assert client.post(reverse("schools:import_job_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"), "защищён паролем"),
        ("ИНН;Регион".encode(), "Это не файл Excel"),
        (b"PK\x03\x04broken", "повреждён"),
    ],
    ids=["password", "text", "corrupt"],
)
def test_a_file_that_is_not_a_readable_workbook_is_refused_in_the_form(cast, data, message):
    response = post_file(login(cast.admin), data, year=cast.year.pk)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_upload_is_refused(cast):
    response = post_file(login(cast.admin), b"", year=cast.year.pk)
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_confirming_queues_the_job_once(cast, good_file):
    _, data = good_file
    client = login(cast.admin)
    post_file(client, data, year=cast.year.pk)
    job = ImportJob.objects.get()

    response = client.post(reverse("schools:import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.QUEUED

    again = client.post(reverse("schools:import_job_confirm", args=[job.pk]), follow=True)
    assert "нельзя запустить" in again.content.decode()


def test_a_queued_job_page_polls_and_a_finished_one_stops(cast, good_file, django_capture_on_commit_callbacks):
    inns, data = good_file
    client = login(cast.admin)
    post_file(client, data, year=cast.year.pk)
    job = ImportJob.objects.get()
    services.import_job_confirm(job=job, by=cast.admin)
    url = reverse("schools:import_job_detail", args=[job.pk])

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial
    assert "<html" not in partial
    assert "<progress" in partial

    with django_capture_on_commit_callbacks() as queued:  # the invitation task, queued on commit
        job = services.import_job_execute(job=job)

    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert School.objects.filter(inn__in=inns).count() == 2
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Что сделано" in partial
    assert "Приглашения: отправлено 0 из 2 — письма уходят после записи, импорт уже выполнен." in partial
    assert 'hx-trigger="every 2s"' in partial  # still polling: the letters are on their way

    for callback in queued:
        callback()

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Приглашения: отправлено 2 из 2." in partial
    assert "hx-trigger" not in partial


def test_a_job_whose_file_went_bad_since_the_preview_fails_and_says_so(cast, good_file):
    inns, data = good_file
    client = login(cast.admin)
    post_file(client, data, year=cast.year.pk)
    job = ImportJob.objects.get()
    services.import_job_confirm(job=job, by=cast.admin)
    cast.mun_a.name = "Переименованный район"  # the file's municipality no longer exists
    cast.mun_a.save()

    job = services.import_job_execute(job=job)

    assert job.status == ImportJob.Status.FAILED
    assert not School.objects.filter(inn__in=inns).exists()
    page = client.get(reverse("schools:import_job_detail", args=[job.pk])).content.decode()
    assert "ничего не записано" in page
    assert "неизвестный муниципалитет" in page


def test_the_file_is_stored_privately_under_media_root(cast, good_file, settings):
    _, data = good_file
    post_file(login(cast.admin), data, year=cast.year.pk)
    job = ImportJob.objects.get()
    assert job.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "schools" not in job.file.name  # an opaque stored name
    assert settings.MEDIA_URL is None


def test_the_template_has_the_canonical_headers_and_a_help_sheet(cast):
    response = login(cast.admin).get(reverse("schools:import_template", args=["schools"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb["Школы"][1]] == [*SCHOOL_HEADERS, "Федеральные программы", "Региональные программы"]
    help_rows = list(wb["Справка"].iter_rows(values_only=True))
    assert help_rows[5][:2] == ("ИНН", "да")
    assert "ИНН ОО" in help_rows[5][2]


def test_an_unknown_template_kind_is_404(cast):
    assert login(cast.admin).get(reverse("schools:import_template", args=["rockets"])).status_code == 404


def test_the_import_nav_item_is_shown_to_those_who_may_import(cast):
    assert f'href="{CREATE}"' in login(cast.admin).get("/schools/").content.decode()
    assert f'href="{CREATE}"' in login(cast.regional).get("/schools/").content.decode()
    assert f'href="{CREATE}"' not in login(cast.municipal).get("/schools/").content.decode()


def test_a_big_file_is_checked_in_the_background_while_the_page_polls(cast, good_file, monkeypatch):
    inns, data = good_file
    monkeypatch.setattr(services.imports, "IMPORT_SYNC_CHECK_BYTES", 0)
    client = login(cast.admin)
    before = db_state()

    response = post_file(client, data, year=cast.year.pk)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKING
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial
    assert "проверяется" in partial

    job = services.import_job_check(job=job)  # what the task does

    assert job.status == ImportJob.Status.CHECKED
    assert job.counts["schools"]["created"] == 2
    assert db_state() == before
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "Подтвердить и записать" in partial
