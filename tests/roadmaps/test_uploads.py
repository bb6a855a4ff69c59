"""medk.lib.uploads: every bad file kind is refused with a Russian reason; good files pass."""

import os
import socket
import struct
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError

from medk.lib import uploads

from .conftest import JPEG, OLE, PDF, PNG, docx, upload, zip_with

ALL = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}


def reason(name: str, content: bytes, allowed=ALL) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(upload(name, content), allowed=allowed)
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.PNG", PNG, "png"),
        ("photo.jpg", JPEG, "jpeg"),
        ("photo.jpeg", JPEG, "jpeg"),
        ("Концепция.docx", docx(), "docx"),
        (
            "table.xlsx",
            zip_with(
                {
                    "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
                    'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                    "xl/workbook.xml": "<workbook/>",
                }
            ),
            "xlsx",
        ),
        (
            "text.odt",
            zip_with({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "odt",
        ),
    ],
)
def test_good_files_are_accepted_and_their_kind_is_detected_by_content(name, content, kind):
    assert uploads.validate_upload(upload(name, content), allowed=ALL) == kind


def test_a_pdf_renamed_to_docx_is_refused_because_extension_and_content_disagree():
    assert "не соответствует содержимому" in reason("plan.docx", PDF)


def test_an_executable_renamed_to_pdf_is_refused_as_unknown_content():
    assert "не похоже ни на один из допустимых форматов" in reason("plan.pdf", b"MZ\x90\x00" + b"\x00" * 100)


def test_a_kind_not_allowed_here_is_refused_even_when_genuine():
    assert "не принимается" in reason("photo.png", PNG, allowed={"pdf"})


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    message = reason("big.pdf", PDF + b"0" * 2000)
    assert "слишком большой" in message
    assert "не более" in message


def test_an_empty_file_is_refused():
    assert "пустой" in reason("a.pdf", b"")


def test_a_zip_bomb_is_refused_by_its_declared_ratio_without_inflating_it():
    bomb = zip_with(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": b"\x00" * (20 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200_000
    assert "zip-бомб" in reason("bomb.docx", bomb)


def test_a_zip_with_a_huge_declared_total_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_TOTAL_UNCOMPRESSED", 1000)
    content = zip_with(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": os.urandom(5000)}, compression=zipfile.ZIP_STORED
    )
    assert "zip-бомб" in reason("big.docx", content)


def test_a_docx_carrying_vba_project_is_refused_as_macros():
    content = zip_with(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": b"\x00" * 10}
    )
    assert "макрос" in reason("plan.docx", content)


def test_a_docm_with_macro_enabled_content_type_is_refused_even_when_renamed_to_docx():
    content = zip_with(
        {
            "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            "word/document.xml": "<w/>",
        }
    )
    assert "макрос" in reason("plan.docx", content)


def test_an_xlsm_is_refused_as_macros():
    content = zip_with(
        {
            "[Content_Types].xml": "<Types><Override ContentType="
            '"application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
            "xl/workbook.xml": "<w/>",
        }
    )
    assert "макрос" in reason("table.xlsx", content)


def test_an_odt_with_basic_macros_is_refused():
    content = zip_with(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": "<x/>",
            "Basic/Standard/Module1.xml": "<script/>",
        }
    )
    assert "макрос" in reason("text.odt", content)


def test_a_legacy_ole_office_file_is_refused_whatever_its_name():
    assert "старого формата" in reason("plan.doc", OLE)
    assert "старого формата" in reason("plan.docx", OLE)


def test_a_plain_zip_archive_is_refused():
    assert "архив" in reason("files.docx", zip_with({"a.txt": "x"}))


def test_an_encrypted_zip_entry_is_refused():
    content = bytearray(zip_with({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}))
    # Set the "encrypted" flag bit in the central directory entries.
    index = 0
    while (index := content.find(b"PK\x01\x02", index)) != -1:
        content[index + 8] |= 0x1
        index += 4
    assert "зашифрован" in reason("secret.docx", bytes(content))


def test_sha256_of_hashes_the_whole_file_and_rewinds_it():
    f = upload("a.pdf", PDF)
    f.read(3)
    digest = uploads.sha256_of(f)
    assert digest == __import__("hashlib").sha256(PDF).hexdigest()
    assert f.tell() == 0


class FakeClamd:
    """A clamd stand-in on a UNIX socket (clamd is outside our process, so a stand-in is fair)."""

    def __init__(self, path, reply: bytes):
        self.path, self.reply, self.received = path, reply, b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(1)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        conn, _ = self.server.accept()
        with conn:
            command = conn.recv(10)
            assert command == b"zINSTREAM\0"
            while True:
                size = struct.unpack(">I", self._exact(conn, 4))[0]
                if size == 0:
                    break
                self.received += self._exact(conn, size)
            conn.sendall(self.reply)
        self.server.close()

    @staticmethod
    def _exact(conn, n):
        data = b""
        while len(data) < n:
            data += conn.recv(n - len(data))
        return data


def test_clamav_finding_a_virus_refuses_the_file_and_names_the_signature(settings, tmp_path):
    path = tmp_path / "clamd.sock"
    fake = FakeClamd(path, b"stream: Eicar-Test-Signature FOUND\0")
    settings.CLAMD_SOCKET = str(path)
    message = reason("a.pdf", PDF)
    assert "антивирус обнаружил угрозу" in message
    assert "Eicar-Test-Signature" in message
    assert fake.received == PDF


def test_clamav_clean_answer_lets_the_file_through(settings, tmp_path):
    path = tmp_path / "clamd.sock"
    FakeClamd(path, b"stream: OK\0")
    settings.CLAMD_SOCKET = str(path)
    assert uploads.validate_upload(upload("a.pdf", PDF), allowed=ALL) == "pdf"


def test_an_unreachable_scanner_refuses_the_file_rather_than_letting_it_through(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "missing.sock")
    assert "антивирусная проверка сейчас недоступна" in reason("a.pdf", PDF)


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    header = uploads.content_disposition('Концепция "школы".pdf')
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%D0%9A" in header
    assert '"школы"' not in header
