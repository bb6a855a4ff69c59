"""Demo: Гусинская СШ has placed its concept and started its roadmap; another school's roadmap waits for the curator."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from schools import demo_data
from schools.models import CuratorAssignment, User
from surveys import demo as survey_demo
from surveys import selectors as survey_selectors
from surveys.models import RiskDirection

from . import selectors, services
from .models import Document, DocumentKind, Status


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal valid DOCX (for demo and tests): content types, relationships and the document body."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A fixed timestamp keeps the bytes (and so the sha256) the same for the same text.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return out.getvalue()


CONCEPT = [
    "Концепция развития школы на 2026–2028 годы.",
    "Миссия: каждый ученик получает качественное образование независимо от стартовых условий.",
    "Ключевые направления: адресная работа с обучающимися с рисками учебной неуспешности, "
    "повышение учебной мотивации, вовлечение родителей в жизнь школы.",
    "Ожидаемые результаты: снижение доли обучающихся с неудовлетворительными результатами ВПР "
    "на 10 процентных пунктов.",
]


def _ensure_directions(school, year) -> list[RiskDirection]:
    """Directions come only from the diagnosis (profile → curator's check → activation)."""
    active = list(survey_selectors.active_directions(school=school, year=year))
    return active or survey_demo.diagnosis_complete(school=school, year=year)


def _fill_section(section, by, *, complete: bool) -> None:
    year = section.document.year.year
    services.section_update(
        section=section,
        goal=f"Снизить риски по направлению «{section.direction.title}» к концу {year} года",
        tasks="Провести диагностику\nОрганизовать адресную поддержку\nОтслеживать результаты",
        revision=None,
        by=by,
    )
    services.measure_create(
        section=section,
        data={
            "title": "Педагогический совет по результатам диагностики",
            # Dates relative to today, as the demo calendar is (load_demo: today is the calendar's 10 May).
            "starts_on": timezone.localdate() - datetime.timedelta(days=39),
            "ends_on": timezone.localdate() - datetime.timedelta(days=25),
            "responsible": "Заместитель директора по УВР",
            "participants": "Педагогический коллектив",
            "expected_result": "Утверждён план адресной работы",
        },
        by=by,
    )
    if complete:
        services.indicator_create(
            section=section,
            data={
                "name": "Доля обучающихся, получивших адресную поддержку",
                "unit": "%",
                "baseline": 20,
                "target": 80,
                "method": "Журнал индивидуальных консультаций, ежемесячно",
            },
            by=by,
        )


def _expert(ctx: dict) -> list[str]:
    """A federal expert of the year (scores the sampled schools' roadmaps); signs in with the demo password."""
    year = ctx["year"]
    user, created = User.objects.get_or_create(
        email=demo_data.email("expert"),
        defaults={"last_name": "Лебедева", "first_name": "Наталья", "middle_name": "Игоревна"},
    )
    if not user.has_usable_password():
        user.set_password(demo_data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if services.is_expert(user, year):
        return []
    services.expert_appoint(year=year, by=ctx["users"]["federal"], email=user.email)
    return [f"Экспертиза: федеральный эксперт {user.email}."]


def load(ctx: dict) -> list[str]:
    year, schools, users = ctx["year"], ctx["schools"], ctx["users"]
    director = users["director"]
    lines = _expert(ctx)
    gusino = schools[0]
    if not Document.objects.filter(school=gusino, year=year).exists():
        upload = SimpleUploadedFile("Концепция развития Гусинской СШ.docx", docx_bytes(CONCEPT))
        services.document_upload(school=gusino, year=year, kind=DocumentKind.CONCEPT, uploaded_file=upload, by=director)
        directions = list(survey_selectors.active_directions(school=gusino, year=year))
        if directions:
            roadmap = services.roadmap_prepare(school=gusino, year=year)
            first = selectors.roadmap_sections(document=roadmap)[0]
            _fill_section(first, director, complete=False)
            lines.append(f"Документы: {gusino.short_name} — загружена концепция, дорожная карта заполнена частично.")
        else:
            lines.append(
                f"Документы: {gusino.short_name} — загружена концепция; дорожная карта — после проверки профиля "
                "куратором и активации направлений директором."
            )

    # Another school of the same municipality (its own curator: one per school) has sent its roadmap for review.
    assignment = (
        CuratorAssignment.objects.filter(year=year, school__municipality=gusino.municipality)
        .exclude(school=gusino)
        .select_related("school")
        .first()
    )
    other = assignment.school if assignment else None
    if other is not None and not Document.objects.filter(school=other, year=year, kind=DocumentKind.ROADMAP).exists():
        staff = other.staff.select_related("user").first()
        actor = staff.user if staff else director
        if not _ensure_directions(other, year):
            return lines
        roadmap = services.roadmap_prepare(school=other, year=year)
        for section in selectors.roadmap_sections(document=roadmap):
            _fill_section(section, actor, complete=True)
        if roadmap.status == Status.DRAFT and not selectors.roadmap_coverage(document=roadmap):
            services.document_submit(document=roadmap, by=actor)
            lines.append(f"Документы: дорожная карта школы {other.short_name} ждёт проверки куратора.")
    return lines
