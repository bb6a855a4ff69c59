"""Uploads through the views, immutable versions and the permission-checked download."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmaps import services
from roadmaps.models import Document, DocumentVersion, ImmutableError
from tests.conftest import login

from .conftest import OLE, PDF, docx, upload


def post_upload(client, school, name, content, kind="concept", **extra):
    return client.post(
        reverse("roadmaps:document_upload", kwargs={"school_pk": school.pk}),
        {"kind": kind, "file": upload(name, content), **extra},
    )


def test_director_uploads_a_concept_and_it_becomes_version_1(cast, directions):
    response = post_upload(login(cast.director), cast.school_a, "Концепция.docx", docx())
    document = Document.objects.get(school=cast.school_a, kind="concept")
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:document_detail", kwargs={"pk": document.pk})
    version = document.versions.get()
    assert version.number == 1
    assert version.file_kind == "docx"
    assert version.sha256 == hashlib.sha256(docx()).hexdigest()
    assert version.created_by == cast.director
    assert version.original_name == "Концепция.docx"
    assert version.size == len(docx())


def test_delegate_may_upload_too(cast, directions):
    post_upload(login(cast.delegate), cast.school_a, "Программа.pdf", PDF, kind="midterm")
    assert Document.objects.get(school=cast.school_a, kind="midterm").versions.get().created_by == cast.delegate


def test_a_refused_file_says_why_in_russian_and_stores_nothing(cast, directions):
    client = login(cast.director)
    response = post_upload(client, cast.school_a, "Старый.doc", OLE)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "старого формата Office" in page.content.decode()
    assert not DocumentVersion.objects.exists()


def test_progress_bar_upload_gets_an_empty_answer_naming_the_next_page(cast, directions):
    response = login(cast.director).post(
        reverse("roadmaps:document_upload", kwargs={"school_pk": cast.school_a.pk}),
        {"kind": "concept", "file": upload("a.pdf", PDF)},
        headers={"X-Upload-Progress": "1"},
    )
    assert response.status_code == 204
    assert response["X-Redirect"].startswith("/roadmaps/documents/")


def test_a_second_upload_is_a_new_version_and_the_first_stays_byte_for_byte(cast, concept):
    first = concept.versions.get()
    with first.file.open("rb") as fh:
        original = fh.read()
    services.version_create(document=concept, uploaded_file=upload("Концепция v2.pdf", PDF), by=cast.delegate)
    versions = list(concept.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].file.name != versions[1].file.name
    with versions[0].file.open("rb") as fh:
        assert fh.read() == original
    assert versions[0].sha256 == hashlib.sha256(original).hexdigest()


def test_a_version_can_be_neither_changed_nor_deleted(cast, concept):
    version = concept.versions.get()
    version.original_name = "другое.docx"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    assert DocumentVersion.objects.get(pk=version.pk).original_name == "Концепция.docx"


def test_no_new_version_while_the_document_is_with_the_curator_or_confirmed(cast, concept):
    services.document_submit(document=concept, by=cast.director)
    with pytest.raises(ValidationError, match="на проверке"):
        services.version_create(document=concept, uploaded_file=upload("a.pdf", PDF), by=cast.director)
    services.document_confirm(document=concept, by=cast.curator)
    with pytest.raises(ValidationError, match="подтверждён"):
        services.version_create(document=concept, uploaded_file=upload("a.pdf", PDF), by=cast.director)
    assert concept.versions.count() == 1


def test_an_antirisk_programme_needs_an_activated_direction(cast, directions):
    with pytest.raises(ValidationError, match="активированных направлений"):
        services.document_upload(
            school=cast.school_c,
            year=cast.year,
            kind="antirisk",
            direction=directions[0],
            uploaded_file=upload("a.pdf", PDF),
            by=cast.director,
        )
    version = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="antirisk",
        direction=directions[0],
        uploaded_file=upload("a.pdf", PDF),
        by=cast.director,
    )
    assert version.document.direction == directions[0]


def test_the_roadmap_cannot_be_uploaded_as_a_file(cast, directions):
    with pytest.raises(ValidationError, match="заполняется в системе"):
        services.document_upload(
            school=cast.school_a, year=cast.year, kind="roadmap", uploaded_file=upload("a.pdf", PDF), by=cast.director
        )


def test_download_is_an_attachment_with_safe_headers(cast, concept):
    version = concept.versions.get()
    response = login(cast.curator).get(reverse("roadmaps:version_download", kwargs={"pk": version.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["outsider"])
def test_a_foreign_school_user_gets_404_for_the_file(cast, concept, role):
    version = concept.versions.get()
    response = login(getattr(cast, role)).get(reverse("roadmaps:version_download", kwargs={"pk": version.pk}))
    assert response.status_code == 404


def test_files_are_stored_under_media_root_with_random_names(cast, concept, settings):
    version = concept.versions.get()
    assert str(settings.MEDIA_ROOT) in version.file.path
    assert "Концепция" not in version.file.name


def test_document_list_shows_deadlines_from_the_calendar(cast, directions):
    from yearcalendar.services import calendar_create_default

    calendar_create_default(year=cast.year)
    page = login(cast.director).get(reverse("roadmaps:document_list", kwargs={"school_pk": cast.school_a.pk}))
    html = page.content.decode()
    assert "30.04.2026" in html  # concept_documents
    assert "20.03.2026" in html  # roadmaps_placed
    assert "Антирисковая программа: " + directions[0].title in html
