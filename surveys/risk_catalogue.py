"""The 2021 core list of risk directions (domain.md §4) — the default for a new project year."""

from django.db import transaction

from schools.models import ProjectYear

from .models import RiskDirection

DEFAULT_DIRECTIONS = [
    ("equipment", "Низкий уровень оснащения школы"),
    ("staff_shortage", "Дефицит педагогических кадров"),
    ("teacher_competence", "Недостаточная предметная и методическая компетентность педагогических работников"),
    ("adaptivity", "Риски низкой адаптивности учебного процесса"),
    ("professional_development", "Несформированность внутришкольной системы повышения квалификации"),
    ("language_barriers", "Низкое качество преодоления языковых и культурных барьеров"),
    ("environment", "Пониженный уровень качества школьной образовательной и воспитательной среды"),
    ("parents", "Низкий уровень вовлеченности родителей"),
    ("motivation", "Низкая учебная мотивация обучающихся"),
    ("failure_risk", "Высокая доля обучающихся с рисками учебной неуспешности"),
]


@transaction.atomic
def risk_directions_create_default(*, year: ProjectYear) -> int:
    existing = set(RiskDirection.objects.filter(year=year).values_list("code", flat=True))
    new = [
        RiskDirection(year=year, number=n, code=code, title=title)
        for n, (code, title) in enumerate(DEFAULT_DIRECTIONS, start=1)
        if code not in existing
    ]
    RiskDirection.objects.bulk_create(new)
    return len(new)
