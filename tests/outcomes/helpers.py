"""Assessment results for tests: programme schools of the cast and a comparison group in the same region."""

from decimal import Decimal

from outcomes.models import AssessmentResult
from tests import factories as f

VPR_HEADERS = [
    "Код ФИС ОКО",
    "ИНН",
    "Наименование ОО",
    "Класс",
    "Предмет",
    "Участников",
    "Доля «2», %",
    "Доля «3», %",
    "Доля «4», %",
    "Доля «5», %",
    "Средний балл",
]


def result(school, year, share2, participants=10, *, subject="Математика", grade=5, mean=None, assessment="vpr"):
    return AssessmentResult.objects.create(
        school=school,
        assessment=assessment,
        year=year,
        grade=grade,
        subject=subject,
        participants=participants,
        share2=Decimal(str(share2)),
        mean=None if mean is None else Decimal(str(mean)),
    )


def comparison_schools(cast, n=3):
    """Schools of the cast's region that do not take part in the programme."""
    return [f.SchoolFactory(municipality=cast.mun_b, short_name=f"МБОУ «СШ № {i + 10}»") for i in range(n)]


def did_data(cast):
    """Worked example of the difference in differences (tests/outcomes/test_views.py).

    Programme: a 20→10 (10 pupils), b 30→20 (10), c 40→30 (20): 32.5 → 22.5, change −10.
    Comparison: 15→14, 20→19, 25→24 (10 pupils each): 20 → 19, change −1. Difference in differences: −9.
    """
    for school, before, after, n, m0, m1 in (
        (cast.school_a, 20, 10, 10, 10, 12),
        (cast.school_b, 30, 20, 10, 10, 12),
        (cast.school_c, 40, 30, 20, 10, 12),
    ):
        result(school, 2025, before, n, mean=m0)
        result(school, 2026, after, n, mean=m1)
    others = comparison_schools(cast)
    for school, before in zip(others, (15, 20, 25), strict=True):
        result(school, 2025, before, mean=11)
        result(school, 2026, before - 1, mean=11)
    return others
