"""Box-ticking flags: text of uploaded documents compared with other schools' documents of the same kind.

Text comes from PDF (pypdf) and from DOCX/ODT (zipfile + defusedxml, never the stdlib XML parser on
uploaded content). Similarity is the Jaccard index of word 5-gram shingles.
"""

import io
import re
import zipfile

from defusedxml import ElementTree
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from .models import DocumentVersion, SimilarityCheck, SimilarityFlag

THRESHOLD = 0.8
SHINGLE = 5
MAX_PAGES = 300
MAX_TEXT = 2_000_000
MAX_XML = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _xml_text(data: bytes, paragraph_tags: set[str]) -> str:
    root = ElementTree.fromstring(data)
    parts: list[str] = []
    for element in root.iter():
        if element.tag in paragraph_tags:
            parts.append("\n")
        if element.text and element.tag != root.tag:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return "".join(parts)


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        if info.file_size > MAX_XML:
            raise ValueError("слишком большой текст документа")
        return archive.read(info)


def extract_text(data: bytes, kind: str) -> str:
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PAGES])
    elif kind == "docx":
        text = _xml_text(_zip_member(data, "word/document.xml"), {f"{_W}p"})
    elif kind == "odt":
        text = _xml_text(_zip_member(data, "content.xml"), {f"{_TEXT_NS}p", f"{_TEXT_NS}h"})
    else:
        return ""
    return text[:MAX_TEXT]


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def version_similarity(*, version_id: int) -> SimilarityCheck:
    """Extracts the text of one version and flags near-identical versions of other schools."""
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    check, _ = SimilarityCheck.objects.get_or_create(version=version)
    try:
        with version.file.open("rb") as fh:
            text = extract_text(fh.read(), version.file_kind)
    except Exception as exc:  # noqa: BLE001 — any parser failure is reported on the check, not raised
        check.state, check.error, check.checked_at = SimilarityCheck.State.FAILED, str(exc)[:500], timezone.now()
        check.save()
        return check
    mine = shingles(text)
    if not mine:
        check.state, check.text, check.checked_at = SimilarityCheck.State.SKIPPED, "", timezone.now()
        check.save()
        return check
    doc = version.document
    others = (
        SimilarityCheck.objects.filter(
            version__document__year_id=doc.year_id,
            version__document__kind=doc.kind,
            state=SimilarityCheck.State.DONE,
        )
        .exclude(version__document__school_id=doc.school_id)
        .values_list("version_id", "text")
    )
    flags = []
    for other_id, other_text in others.iterator():
        score = jaccard(mine, shingles(other_text))
        if score >= THRESHOLD:
            flags.append(SimilarityFlag(version=version, other_id=other_id, score=round(score, 3)))
    with transaction.atomic():
        SimilarityFlag.objects.bulk_create(flags, ignore_conflicts=True)
        check.state, check.text, check.error, check.checked_at = SimilarityCheck.State.DONE, text, "", timezone.now()
        check.save()
    return check
