"""Box-ticking flags: near-identical documents of different schools are flagged to the curator."""

import pytest
from django.urls import reverse

from roadmaps import services, similarity
from roadmaps.models import SimilarityCheck, SimilarityFlag
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests.conftest import login, wait_for

from .conftest import PDF, docx, upload

TEXT = [
    "Концепция развития школы на три года. Миссия школы — дать каждому ученику качественное образование.",
    "Мы создаём условия для адресной работы с обучающимися, имеющими риски учебной неуспешности,",
    "развиваем учебную мотивацию, вовлекаем родителей и повышаем квалификацию педагогов.",
    "Результаты оцениваются по данным ВПР, ОГЭ и анкетирования два раза в год.",
]
OTHER = [
    "Программа развития гимназии посвящена цифровой образовательной среде и проектной деятельности.",
    "Основные задачи: обновление материальной базы, сетевое взаимодействие с вузами, олимпиадное движение.",
]


def test_shingle_similarity_is_high_for_copies_and_low_for_different_texts():
    a = similarity.shingles(" ".join(TEXT))
    b = similarity.shingles(" ".join(TEXT).replace("три года", "3 года"))
    c = similarity.shingles(" ".join(OTHER))
    assert similarity.jaccard(a, a) == 1.0
    assert 0.75 < similarity.jaccard(a, b) < 1.0
    assert similarity.jaccard(a, c) < 0.1


def test_text_is_extracted_from_docx_and_pdf(settings):
    assert "Миссия школы" in similarity.extract_text(docx(TEXT), "docx")
    from medk.lib import pdf

    data = pdf.render_pdf(
        "roadmaps/pdf/roadmap.html",
        {"document": {"year": {"year": 2026}}, "school": {"short_name": "Школа"}, "sections": []},
    )
    assert "Дорожная карта 2026" in similarity.extract_text(data, "pdf")


def test_a_copied_concept_is_flagged_and_the_curator_sees_it(cast):
    services.document_upload(
        school=cast.school_b,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("a.docx", docx(TEXT)),
        by=cast.curator,
    )
    version = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("b.docx", docx(TEXT)),
        by=cast.director,
    )
    services.document_upload(
        school=cast.school_c,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("c.docx", docx(OTHER)),
        by=cast.regional,
    )
    # Eager Celery (no REDIS_URL) has already run the checks on commit; run them directly for PostgreSQL runs too.
    for check in SimilarityCheck.objects.exclude(state="done").order_by("pk"):
        similarity.version_similarity(version_id=check.version_id)
    flag = SimilarityFlag.objects.get()
    assert flag.version == version
    assert flag.other.document.school == cast.school_b
    assert flag.score > 0.99
    page = (
        login(cast.curator)
        .get(reverse("roadmaps:document_detail", kwargs={"pk": version.document_id}))
        .content.decode()
    )
    assert "возможная копия" in page
    queue = login(cast.regional).get(reverse("roadmaps:review_list")).content.decode()
    assert "возможная копия" in queue


def test_the_school_itself_does_not_see_the_flags(cast):
    version = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("b.docx", docx(TEXT)),
        by=cast.director,
    )
    response = login(cast.director).get(reverse("roadmaps:document_detail", kwargs={"pk": version.document_id}))
    assert response.context["sees_flags"] is False
    assert (
        login(cast.director)
        .get(reverse("roadmaps:document_similarity", kwargs={"pk": version.document_id}))
        .status_code
        == 403
    )


def test_an_unreadable_file_marks_the_check_failed_and_says_so(cast):
    version = services.document_upload(
        school=cast.school_a, year=cast.year, kind="concept", uploaded_file=upload("a.pdf", PDF), by=cast.director
    )
    check = similarity.version_similarity(version_id=version.pk)
    assert check.state in ("failed", "skipped")


@pytest.mark.django_db(transaction=True)
def test_the_similarity_task_runs_on_a_real_worker(cast, celery_worker):
    first = services.document_upload(
        school=cast.school_b,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("a.docx", docx(TEXT)),
        by=cast.curator,
    )
    wait_for(lambda: SimilarityCheck.objects.filter(version=first, state="done").exists())
    second = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("b.docx", docx(TEXT)),
        by=cast.director,
    )
    wait_for(lambda: SimilarityCheck.objects.filter(version=second, state="done").exists())
    celery_worker.assert_ran("roadmaps.tasks.version_similarity")
    assert SimilarityFlag.objects.filter(version=second, other=first).exists()


def test_activation_fixture_is_not_needed_for_concepts(cast):
    risk_directions_create_default(year=cast.year)
    assert not RiskActivation.objects.exists()
    assert RiskDirection.objects.filter(year=cast.year).count() == 10


def test_a_flag_against_another_regions_school_does_not_name_it(cast):
    services.document_upload(
        school=cast.foreign_school,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("a.docx", docx(TEXT)),
        by=cast.outsider,
    )
    version = services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("b.docx", docx(TEXT)),
        by=cast.director,
    )
    for check in SimilarityCheck.objects.exclude(state="done").order_by("pk"):
        similarity.version_similarity(version_id=check.version_id)
    assert SimilarityFlag.objects.filter(version=version).exists()
    page = (
        login(cast.curator)
        .get(reverse("roadmaps:document_detail", kwargs={"pk": version.document_id}))
        .content.decode()
    )
    assert "возможная копия" in page
    assert "Чужая" not in page
    assert "вне вашей зоны доступа" in page
