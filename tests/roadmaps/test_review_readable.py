"""The review loop as the school reads it: the reason on top, a resend only after a change, rubric levels
explained, files readable in the browser."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roadmaps import selectors, services
from roadmaps.models import Status
from tests.conftest import login

from .conftest import PDF, docx, upload


def url(name, pk):
    return reverse(f"roadmaps:{name}", kwargs={"pk": pk})


@pytest.fixture
def returned_concept(cast, concept):
    services.document_submit(document=concept, by=cast.director)
    services.document_return(document=concept, by=cast.curator, reason="Нет анализа результатов ВПР за 2025 год")
    return concept


def test_a_returned_document_shows_the_reason_at_the_top_to_the_school(cast, returned_concept):
    html = login(cast.director).get(url("document_detail", returned_concept.pk)).content.decode()
    banner = html.index("Куратор вернул документ на доработку")
    assert banner < html.index('<dl class="props">'), "причина — вверху страницы, до сведений о документе"
    assert "Нет анализа результатов ВПР за 2025 год" in html[banner : banner + 600]
    assert 'role="alert"' in html
    assert "загрузите исправленную версию файла" in html


def test_a_returned_file_cannot_be_sent_again_without_a_new_version(cast, returned_concept):
    with pytest.raises(ValidationError, match="Загрузите исправленную версию"):
        services.document_submit(document=returned_concept, by=cast.director)
    response = login(cast.director).post(url("document_submit", returned_concept.pk), follow=True)
    assert "Загрузите исправленную версию" in response.content.decode()
    returned_concept.refresh_from_db()
    assert returned_concept.status == Status.RETURNED
    html = login(cast.director).get(url("document_detail", returned_concept.pk)).content.decode()
    assert "Отправить исправленный документ" not in html
    assert "Отправить снова можно после загрузки исправленной версии" in html


def test_after_a_new_version_the_returned_file_is_sent_again(cast, returned_concept):
    services.version_create(
        document=returned_concept, uploaded_file=upload("Концепция-2.docx", docx(["Анализ ВПР"])), by=cast.director
    )
    version = services.document_submit(document=returned_concept, by=cast.director)
    assert version.number == 2
    returned_concept.refresh_from_db()
    assert returned_concept.status == Status.SUBMITTED


def test_a_returned_roadmap_cannot_be_sent_again_unchanged(cast, submitted):
    services.document_return(document=submitted, by=cast.curator, reason="Уточните сроки")
    with pytest.raises(ValidationError, match="не изменилась после возврата"):
        services.document_submit(document=submitted, by=cast.director)
    assert submitted.versions.count() == 1, "отказ не оставляет новой версии"
    section = selectors.roadmap_sections(document=submitted)[0]
    services.measure_create(section=section, data={"title": "Консультации для родителей"}, by=cast.director)
    assert services.document_submit(document=submitted, by=cast.director).number == 2


def test_the_curators_empty_reason_is_caught_by_the_server_with_a_message(cast, submitted):
    response = login(cast.curator).post(url("document_return", submitted.pk), {"reason": "   \n "}, follow=True)
    assert "Укажите причину возврата на доработку" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_rubric_shows_what_each_score_means(cast, confirmed):
    html = login(cast.curator).get(reverse("roadmaps:evaluation_edit", kwargs={"pk": confirmed.pk})).content.decode()
    assert "0 — компонента нет" in html
    assert "1 — описан частично или формально" in html
    assert "2 — описан полностью и конкретно" in html
    assert 'type="radio"' in html
    assert "<legend>Цели</legend>" in html


def test_a_missing_score_names_the_component(cast, confirmed):
    response = login(cast.curator).post(
        reverse("roadmaps:evaluation_edit", kwargs={"pk": confirmed.pk}), {"comment": "x"}
    )
    assert "Поставьте балл за компонент «Цели»" in response.content.decode()


@pytest.fixture
def pdf_concept(cast, directions):
    return services.document_upload(
        school=cast.school_a,
        year=cast.year,
        kind="concept",
        uploaded_file=upload("Концепция.pdf", PDF),
        by=cast.director,
    )


def test_a_pdf_opens_for_reading_in_a_sandboxed_frame_as_well_as_for_download(cast, pdf_concept):
    client = login(cast.curator)
    page = client.get(url("version_view", pdf_concept.pk)).content.decode()
    inline_url = url("version_download", pdf_concept.pk) + "?inline=1"
    assert f'<iframe class="file-viewer" src="{inline_url}"' in page
    assert f'href="{url("version_download", pdf_concept.pk)}"' in page
    response = client.get(inline_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    download = client.get(url("version_download", pdf_concept.pk))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Frame-Options"] == "DENY"
    detail = client.get(url("document_detail", pdf_concept.document_id)).content.decode()
    assert url("version_view", pdf_concept.pk) in detail


def test_a_docx_is_only_downloaded_never_shown_inline(cast, concept):
    version = concept.versions.get()
    client = login(cast.director)
    assert client.get(url("version_view", version.pk)).status_code == 404
    response = client.get(url("version_download", version.pk) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert url("version_view", version.pk) not in client.get(url("document_detail", concept.pk)).content.decode()
