"""A continuing school starts its new roadmap from last year's copy: a draft, never a silent carry-over."""

import datetime
import io
import zipfile

import pytest

from roadmaps import services
from roadmaps.models import Document, DocumentKind, Indicator, Measure, RoadmapSection, Status
from schools.models import Participation, ProjectYear
from surveys.models import RiskActivation, RiskDirection
from surveys.risk_catalogue import risk_directions_create_default
from tests.conftest import login


@pytest.fixture
def two_years(cast):
    """2026 with Гусинская's confirmed roadmap on «motivation»; 2027 current, the school continues and activated
    «motivation» and «parents»."""
    old = cast.year
    risk_directions_create_default(year=old)
    old_roadmap = Document.objects.create(
        school=cast.school_a, year=old, kind=DocumentKind.ROADMAP, status=Status.CONFIRMED
    )
    old_direction = RiskDirection.objects.get(year=old, code="motivation")
    RiskActivation.objects.create(school=cast.school_a, direction=old_direction)
    section = RoadmapSection.objects.create(
        document=old_roadmap,
        direction=old_direction,
        goal="Мотивация",
        tasks="Клубы",
    )
    Measure.objects.create(
        section=section,
        title="Клуб «Эрудит»",
        responsible="Завуч",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 5, 29),
    )
    Indicator.objects.create(section=section, name="Доля посещающих клубы", unit="%", baseline=10, target=40)
    ProjectYear.objects.filter(pk=old.pk).update(is_current=False)
    new = ProjectYear.objects.create(year=2027, is_current=True)
    risk_directions_create_default(year=new)
    Participation.objects.create(school=cast.school_a, year=new)
    for code in ("motivation", "parents"):
        RiskActivation.objects.create(school=cast.school_a, direction=RiskDirection.objects.get(year=new, code=code))
    return old_roadmap, new


def test_the_director_starts_the_new_roadmap_from_last_years_copy_as_a_draft(cast, two_years):
    old_roadmap, new = two_years
    client = login(cast.director)
    page = client.get(f"/roadmaps/schools/{cast.school_a.pk}/roadmap/").content.decode()
    assert "Начать с копии дорожной карты 2026 года" in page
    client.post(f"/roadmaps/schools/{cast.school_a.pk}/roadmap/copy/")
    document = Document.objects.get(school=cast.school_a, year=new, kind=DocumentKind.ROADMAP)
    assert document.status == Status.DRAFT
    copied = document.sections.get(direction__code="motivation")
    assert (copied.goal, copied.tasks) == ("Мотивация", "Клубы")
    measure = copied.measures.get()
    assert (measure.title, measure.starts_on, measure.ends_on) == (
        "Клуб «Эрудит»",
        datetime.date(2027, 4, 1),
        datetime.date(2027, 5, 29),
    )
    assert copied.indicators.get().target == 40
    assert not document.sections.get(direction__code="parents").measures.exists()
    # Last year's confirmed roadmap is untouched.
    old_roadmap.refresh_from_db()
    assert old_roadmap.status == Status.CONFIRMED
    assert Measure.objects.filter(section__document=old_roadmap).count() == 1


def test_the_copy_is_refused_once_the_new_roadmap_has_measures(cast, two_years):
    _, new = two_years
    services.roadmap_copy_previous(school=cast.school_a, year=new, by=cast.director)
    with pytest.raises(Exception, match="уже начата"):
        services.roadmap_copy_previous(school=cast.school_a, year=new, by=cast.director)
    assert Measure.objects.filter(section__document__year=new).count() == 1


def test_last_years_roadmap_opens_read_only_for_the_director(cast, two_years):
    page = login(cast.director).get(f"/roadmaps/schools/{cast.school_a.pk}/roadmap/?year=2026").content.decode()
    assert "Дорожная карта 2026 года — только для чтения" in page
    assert "Клуб «Эрудит»" in page
    assert f"/roadmaps/documents/{two_years[0].pk}/submit/" not in page  # no «send to the curator» form
    assert "Начать с копии" not in page


def test_on_a_past_year_the_export_links_carry_that_year_and_export_its_roadmap(cast, two_years):
    client = login(cast.director)
    page = f"/roadmaps/schools/{cast.school_a.pk}/roadmap/"
    html = client.get(f"{page}?year=2026").content.decode()
    xlsx = f"{page}export.xlsx?year=2026"
    assert xlsx in html
    assert f"{page}export.pdf?year=2026" in html
    response = client.get(xlsx)
    assert response.status_code == 200
    assert "Клуб «Эрудит»" in _xlsx_text(response.content)


def test_an_export_of_a_year_the_school_did_not_take_part_in_is_404(cast, two_years):
    response = login(cast.director).get(f"/roadmaps/schools/{cast.school_a.pk}/roadmap/export.xlsx?year=2020")
    assert response.status_code == 404


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
