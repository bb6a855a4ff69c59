import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roadmaps import demo, selectors, services
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(paragraphs: list[str] | None = None) -> bytes:
    return demo.docx_bytes(paragraphs or ["Концепция развития школы"])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zip_with(files: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, monkeypatch):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))  # a Celery worker process started by the test sees it too
    return media


@pytest.fixture
def directions(cast):
    """Default directions for the year; school_a and school_b activate two each, school_c none."""
    risk_directions_create_default(year=cast.year)
    picked = list(RiskDirection.objects.filter(year=cast.year).order_by("number")[:2])
    for school in (cast.school_a, cast.school_b, cast.foreign_school):
        for d in picked:
            RiskActivation.objects.create(school=school, direction=d)
    return picked


def fill_roadmap(school, year, by, *, complete: bool = True):
    roadmap = services.roadmap_prepare(school=school, year=year)
    for section in selectors.roadmap_sections(document=roadmap):
        services.section_update(
            section=section, goal="Снизить долю неуспевающих", tasks="Задача 1", revision=None, by=by
        )
        services.measure_create(
            section=section,
            data={
                "title": "Педсовет",
                "starts_on": datetime.date(year.year, 4, 1),
                "ends_on": datetime.date(year.year, 4, 10),
                "responsible": "Завуч",
            },
            by=by,
        )
        if complete:
            services.indicator_create(
                section=section, data={"name": "Доля успевающих", "unit": "%", "baseline": 60, "target": 80}, by=by
            )
    roadmap.refresh_from_db()
    return roadmap


@pytest.fixture
def roadmap(cast, directions):
    return fill_roadmap(cast.school_a, cast.year, cast.director)


@pytest.fixture
def submitted(cast, roadmap):
    services.document_submit(document=roadmap, by=cast.director)
    roadmap.refresh_from_db()
    return roadmap


@pytest.fixture
def confirmed(cast, submitted):
    services.document_confirm(document=submitted, by=cast.curator)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def concept(cast, directions):
    version = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("Концепция.docx", docx()),
        by=cast.director,
    )
    return version.document
