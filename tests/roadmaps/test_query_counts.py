"""List pages run a constant number of SQL queries whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmaps import selectors, services
from roadmaps.models import Comment, Document, DocumentVersion, ExpertiseItem, ExpertiseSample, Indicator, Measure
from tests import factories as f
from tests.conftest import login


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_documents(cast, n):
    for i in range(n):
        school = cast.school_a if i % 2 else cast.school_b
        doc = Document.objects.create(
            school=school, year=cast.year, kind="supporting", title=f"Материал {i}", status="submitted"
        )
        DocumentVersion.objects.create(document=doc, number=1, original_name=f"{i}.pdf", created_by=cast.director)


def test_review_list_queries_do_not_grow_with_documents(cast):
    client = login(cast.regional)
    url = reverse("roadmaps:review_list")
    add_documents(cast, 2)
    few = queries(client, url)
    add_documents(cast, 8)
    assert queries(client, url) == few


def test_document_list_queries_do_not_grow_with_documents(cast, directions):
    client = login(cast.director)
    url = reverse("roadmaps:document_list", kwargs={"school_pk": cast.school_a.pk})
    add_documents(cast, 4)
    few = queries(client, url)
    add_documents(cast, 16)
    assert queries(client, url) == few


def add_rows(cast, roadmap, n):
    for section in selectors.roadmap_sections(document=roadmap):
        for i in range(n):
            Measure.objects.create(section=section, title=f"М{i}", responsible="Завуч")
            Indicator.objects.create(section=section, name=f"П{i}", baseline=1, target=2)


def test_roadmap_page_queries_do_not_grow_with_rows(cast, directions, django_assert_max_num_queries):
    roadmap = services.roadmap_prepare(school=cast.school_a, year=cast.year)
    client = login(cast.director)
    url = reverse("roadmaps:roadmap_detail", kwargs={"school_pk": cast.school_a.pk})
    add_rows(cast, roadmap, 2)
    few = queries(client, url)
    add_rows(cast, roadmap, 8)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_document_page_queries_do_not_grow_with_versions_and_comments(cast, submitted):
    client = login(cast.curator)
    url = reverse("roadmaps:document_detail", kwargs={"pk": submitted.pk})

    def add(n):
        for i in range(n):
            parent = Comment.objects.create(document=submitted, author=cast.curator, text=f"К{i}")
            Comment.objects.create(document=submitted, author=cast.director, text="Ответ", parent=parent)

    add(2)
    few = queries(client, url)
    add(8)
    assert queries(client, url) == few


def test_sample_page_queries_do_not_grow_with_schools(cast, confirmed):
    sample = ExpertiseSample.objects.create(year=cast.year, title="В", count=1, seed=1, created_by=cast.federal)
    client = login(cast.federal)
    url = reverse("roadmaps:sample_detail", kwargs={"pk": sample.pk})

    def add(n):
        for _ in range(n):
            school = f.SchoolFactory(municipality=cast.mun_a)
            ExpertiseItem.objects.create(
                sample=sample, region=cast.region, school=school, document=confirmed, expert=cast.curator
            )

    add(2)
    few = queries(client, url)
    add(8)
    assert queries(client, url) == few
