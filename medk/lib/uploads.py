"""Checking uploaded files and serving private ones.

Every uploaded file is checked by its content, not by its name: the magic bytes decide the kind, and the
extension must agree with it. Office/ODF files are ZIP containers, so their directory is inspected for zip
bombs (declared sizes and ratios, no decompression) and for macros (vbaProject.bin, macro-enabled content
types, ODF Basic/Scripts). Legacy OLE files (.doc/.xls) are refused outright: they may carry macros that we
cannot inspect cheaply. When `settings.CLAMD_SOCKET` is set the bytes are also scanned by ClamAV (INSTREAM
over the UNIX socket; no extra dependency).
"""

import hashlib
import mimetypes
import re
import socket
import struct
import unicodedata
import uuid
import zipfile
import zlib
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

KINDS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "odt": (".odt",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
}
KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "png": "PNG", "jpeg": "JPEG"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
DOCUMENT_KINDS = frozenset(KINDS)

_PDF = b"%PDF-"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Zip-bomb limits: checked on the declared sizes in the central directory, before anything is inflated.
# A real DOCX/XLSX/ODT has tens of parts (a few hundred with many pictures) and inflates to a few times its
# size (pictures are compressed already); many well-compressed parts just under the per-part threshold
# (290 × 1 MiB) are caught by the whole archive's total and ratio.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100  # per entry, for entries of at least ZIP_RATIO_MIN_SIZE, and for the whole archive
ZIP_RATIO_MIN_SIZE = 1024 * 1024
CONTENT_TYPES_MAX = 1024 * 1024
RELS_MAX = 1024 * 1024
# Relationships that make Word fetch something from elsewhere when the file is opened (a remote template is
# the classic way to pull in macros after the upload check; frames, sub-documents and OLE links likewise).
_REMOTE_RELATIONSHIPS = ("attachedtemplate", "subdocument", "oleobject", "frame")

_CHUNK = 64 * 1024


def _name_of(uploaded_file) -> str:
    return getattr(uploaded_file, "name", "") or ""


def _size_of(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        pos = uploaded_file.tell()
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(pos)
    return int(size)


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} МБ".replace(".", ",")
    if n >= 1024:
        return f"{n / 1024:.0f} КБ"
    return f"{n} байт"


def _allowed_text(allowed: set[str]) -> str:
    return ", ".join(KIND_LABELS.get(k, k) for k in sorted(allowed))


def _check_zip(uploaded_file) -> str:
    """Kind of an OOXML/ODF container, after the bomb and macro checks."""
    uploaded_file.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded_file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("Файл повреждён: не удалось прочитать архив документа.", code="corrupt") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > ZIP_MAX_ENTRIES:
            raise ValidationError(
                "Файл отклонён: внутри документа слишком много частей (%(n)s) — похоже на «zip-бомбу».",
                code="zip_bomb",
                params={"n": len(infos)},
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise ValidationError(
                    "Файл отклонён: документ зашифрован паролем, его нельзя проверить.", code="encrypted"
                )
            if info.file_size >= ZIP_RATIO_MIN_SIZE and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                raise ValidationError(
                    "Файл отклонён: часть документа «%(name)s» сжата в %(ratio)s раз — похоже на «zip-бомбу».",
                    code="zip_bomb",
                    params={"name": info.filename, "ratio": info.file_size // max(info.compress_size, 1)},
                )
        archive_size = _size_of(uploaded_file)
        if total > ZIP_MAX_TOTAL_UNCOMPRESSED or (
            total >= ZIP_RATIO_MIN_SIZE and total > ZIP_MAX_RATIO * max(archive_size, 1)
        ):
            raise ValidationError(
                "Файл отклонён: после распаковки документ занял бы %(size)s — похоже на «zip-бомбу».",
                code="zip_bomb",
                params={"size": _human_size(total)},
            )

        names = {info.filename for info in infos}
        lower = {n.lower() for n in names}
        if any(n.rsplit("/", 1)[-1] in {"vbaproject.bin", "vbadata.xml"} for n in lower):
            raise ValidationError(
                "Файл отклонён: документ содержит макросы (vbaProject.bin). Сохраните его без макросов "
                "(DOCX/XLSX) и загрузите снова.",
                code="macros",
            )
        if "[content_types].xml" in lower:
            ct_name = next(n for n in names if n.lower() == "[content_types].xml")
            if archive.getinfo(ct_name).file_size > CONTENT_TYPES_MAX:
                raise ValidationError("Файл повреждён: неверное описание содержимого документа.", code="corrupt")
            content_types = archive.read(ct_name).decode("utf-8", "replace").lower()
            if "macroenabled" in content_types or "vbaproject" in content_types:
                raise ValidationError(
                    "Файл отклонён: это документ с макросами (DOCM/XLSM). Сохраните его как DOCX или XLSX "
                    "и загрузите снова.",
                    code="macros",
                )
            if "word/document.xml" in lower or "wordprocessingml.document.main" in content_types:
                _check_remote_parts(archive, infos)
                return "docx"
            if "xl/workbook.xml" in lower or "spreadsheetml.sheet.main" in content_types:
                return "xlsx"
            raise ValidationError("Файл отклонён: это документ Office неподдерживаемого вида.", code="unsupported")
        if "mimetype" in names:
            if archive.getinfo("mimetype").file_size > 200:
                raise ValidationError("Файл повреждён: неверный тип документа ODF.", code="corrupt")
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            if any(n.startswith(("basic/", "scripts/")) for n in lower):
                raise ValidationError(
                    "Файл отклонён: документ содержит макросы (Basic/Scripts). Сохраните его без макросов.",
                    code="macros",
                )
            if mimetype == "application/vnd.oasis.opendocument.text":
                return "odt"
            raise ValidationError(
                "Файл отклонён: документ OpenDocument неподдерживаемого вида (%(mime)s).",
                code="unsupported",
                params={"mime": mimetype[:80]},
            )
    raise ValidationError("Файл отклонён: это ZIP-архив, а не документ. Загрузите сам документ.", code="unsupported")


def _check_remote_parts(archive: zipfile.ZipFile, infos) -> None:
    """Refuses a Word document that loads a template, frame, sub-document or OLE object from elsewhere."""
    for info in infos:
        if not info.filename.lower().endswith(".rels") or info.file_size > RELS_MAX:
            continue
        rels = archive.read(info).decode("utf-8", "replace").lower()
        for relationship in re.findall(r"<relationship\b[^>]*>", rels):
            kind = re.search(r'type\s*=\s*["\'][^"\']*/([a-z]+)["\']', relationship)
            if (
                kind
                and kind.group(1) in _REMOTE_RELATIONSHIPS
                and re.search(r'targetmode\s*=\s*["\']external', relationship)
            ):
                raise ValidationError(
                    "Файл отклонён: документ подгружает внешний шаблон или объект из сети (%(kind)s). "
                    "Сохраните его заново как обычный документ DOCX или PDF.",
                    code="remote_template",
                    params={"kind": kind.group(1)},
                )


# PDF names that run something when the document is opened or clicked. Names may hide behind #xx escapes,
# and dictionaries may sit inside compressed object streams, so both are undone before looking.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
# Bytes inflated in all, at most, while looking: a 50 MB PDF of ordinary pages stays far below it; a file
# that needs more is refused rather than passed unread.
PDF_SCAN_MAX_INFLATED = 256 * 1024 * 1024


def _pdf_unescape(data: bytes) -> bytes:
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _pdf_active_content(data: bytes) -> str | None:
    """The first active name found in the PDF, its streams inflated within a budget; None if there is none."""
    found = _PDF_ACTIVE.search(_pdf_unescape(data))
    if found:
        return found.group(1).decode()
    budget = PDF_SCAN_MAX_INFLATED
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[start:end], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        found = _PDF_ACTIVE.search(_pdf_unescape(inflated))
        if found:
            return found.group(1).decode()
        if budget <= 0:
            return "слишком много сжатых данных"
    return None


def _check_pdf(uploaded_file) -> None:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    active = _pdf_active_content(data)
    if active:
        raise ValidationError(
            "Файл отклонён: PDF содержит JavaScript или команды запуска программ (%(name)s). "
            "Сохраните документ в PDF заново («Печать → Сохранить как PDF») и загрузите снова.",
            code="pdf_active",
            params={"name": active},
        )


def detect_kind(uploaded_file) -> str | None:
    """The kind by content, raising for the refused containers (OLE, macros, bombs)."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if head.startswith(_PDF):
        _check_pdf(uploaded_file)
        return "pdf"
    if head.startswith(_PNG):
        return "png"
    if head.startswith(_JPEG):
        return "jpeg"
    if head.startswith(_OLE):
        raise ValidationError(
            "Файл отклонён: это документ старого формата Office (DOC/XLS), он может содержать макросы. "
            "Сохраните его как DOCX, XLSX или PDF и загрузите снова.",
            code="ole",
        )
    if head.startswith(_ZIP):
        return _check_zip(uploaded_file)
    return None


def clamd_scan(uploaded_file, *, socket_path: str, timeout: float = 30.0) -> None:
    """Scans the bytes with clamd (INSTREAM). Fails closed: if the scanner is unreachable, the file is refused."""
    uploaded_file.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(socket_path)
            sock.sendall(b"zINSTREAM\0")
            while chunk := uploaded_file.read(_CHUNK):
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError:
        raise ValidationError(
            "Файл не принят: антивирусная проверка сейчас недоступна. Попробуйте позже.", code="scanner"
        ) from None
    finally:
        uploaded_file.seek(0)
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith("FOUND"):
        signature = text.removeprefix("stream:").removesuffix("FOUND").strip()
        raise ValidationError(
            "Файл отклонён: антивирус обнаружил угрозу (%(sig)s).", code="virus", params={"sig": signature}
        )
    if not text.endswith("OK"):
        raise ValidationError(
            "Файл не принят: антивирусная проверка завершилась ошибкой. Попробуйте позже.", code="scanner"
        )


def validate_upload(uploaded_file, *, allowed: set[str]) -> str:
    """Checks an uploaded file and returns its kind (pdf, docx, xlsx, odt, png, jpeg)."""
    name = _name_of(uploaded_file)
    size = _size_of(uploaded_file)
    if size == 0:
        raise ValidationError("Файл пустой.", code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            "Файл слишком большой: %(size)s, допускается не более %(limit)s.",
            code="too_big",
            params={"size": _human_size(size), "limit": _human_size(limit)},
        )
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    kind = detect_kind(uploaded_file)
    if kind is None:
        raise ValidationError(
            "Файл отклонён: его содержимое не похоже ни на один из допустимых форматов (%(allowed)s).",
            code="unknown",
            params={"allowed": _allowed_text(allowed)},
        )
    if kind not in allowed:
        raise ValidationError(
            "Файл отклонён: формат %(kind)s здесь не принимается. Допустимые форматы: %(allowed)s.",
            code="not_allowed",
            params={"kind": KIND_LABELS[kind], "allowed": _allowed_text(allowed)},
        )
    if extension not in KINDS[kind]:
        raise ValidationError(
            "Файл отклонён: расширение «%(ext)s» не соответствует содержимому (по содержимому это %(kind)s).",
            code="extension_mismatch",
            params={"ext": extension or "без расширения", "kind": KIND_LABELS[kind]},
        )
    if settings.CLAMD_SOCKET:
        clamd_scan(uploaded_file, socket_path=settings.CLAMD_SOCKET)
    uploaded_file.seek(0)
    return kind


# --- Where uploads are stored -------------------------------------------------------------------
# A user's file name never reaches the filesystem: 130 Cyrillic characters are 260 bytes, more than a file
# name may have (ENAMETOOLONG), and names can carry anything. Files are stored under a generated name; the
# original is kept on the model (`name` / `original_name`) for display and for the download's name.

DISPLAY_NAME_MAX = 255


def display_name(original: str | None, *, default: str = "файл") -> str:
    """The user's file name for display: its last path part, printable, at most 255 characters with the
    extension kept."""
    name = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip() or default
    if len(name) <= DISPLAY_NAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:DISPLAY_NAME_MAX]
    return stem[: DISPLAY_NAME_MAX - len(ext) - 2] + "…." + ext


def storage_name(prefix: str, original: str | None = None, *, ext: str | None = None) -> str:
    """A generated path for an upload, `<prefix>/<random>.<ext>`; the extension is the kind's (or the
    original's, reduced to at most 10 ASCII letters and digits)."""
    if ext is None:
        tail = (original or "").rsplit(".", 1)[-1] if "." in (original or "") else ""
        ext = "".join(c for c in tail.lower() if c.isascii() and c.isalnum())[:10]
    return f"{prefix.strip('/')}/{uuid.uuid4().hex}" + (f".{ext}" if ext else "")


def sha256_of(file: IO[bytes]) -> str:
    """Hex sha256 of a file object, read in chunks; the position is reset to the start."""
    file.seek(0)
    digest = hashlib.sha256()
    while chunk := file.read(_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _ascii_fallback(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return "".join(c if (c.isalnum() or c in "._-") else "_" for c in text).strip("_ ")

    return (plain(stem) or "file") + (f".{plain(ext)}" if plain(ext) else "")


def content_disposition(download_name: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback and the UTF-8 name per RFC 5987."""
    clean = "".join(c for c in download_name if c.isprintable() and c not in '\\/"\r\n') or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{_ascii_fallback(clean)}\"; filename*=UTF-8''{quote(clean, safe='')}"


# Kinds (by content, `detect_kind`) a browser may show for reading; everything else is only downloaded.
INLINE_KINDS = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


def private_file_response(file_field, download_name: str, *, inline_kind: str | None = None) -> FileResponse:
    """Streams a stored file as an attachment with headers that stop browsers rendering it.

    With `inline_kind` (a kind from INLINE_KINDS, checked by content at upload) the file is shown for reading
    instead — still sandboxed (no scripts, no same origin), framed only by the portal's own pages."""
    inline = inline_kind in INLINE_KINDS
    content_type = (
        INLINE_KINDS[inline_kind] if inline else mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    )
    response = FileResponse(file_field.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(download_name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
