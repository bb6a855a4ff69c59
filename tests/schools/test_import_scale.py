"""Large files: 10,000 schools import in one run, with a bounded number of queries."""

import io
import time

from schools import importing
from schools.models import School, SchoolStaff, SchoolUserObjectPermission
from schools.validators import make_inn10

from .xlsx import SCHOOL_HEADERS, xlsx

N = 10_000


def test_ten_thousand_schools_import_in_one_run_with_bulk_writes(cast, django_assert_max_num_queries):
    rows = [
        [
            "Смоленская область",
            "Краснинский район" if n % 2 else "Сафоновский район",
            f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»",
            f"МБОУ «Школа № {n}»",
            make_inn10(f"{770000000 + n}"),
            f"k{n}",
            f"ул. Длинная, {n}",
            "сельская",
            "Учителев Пётр Иванович",
            f"d{n}@example.ru",
        ]
        for n in range(N)
    ]
    data = xlsx([SCHOOL_HEADERS, *rows])
    started = time.monotonic()
    with django_assert_max_num_queries(300):
        result = importing.run(kind="schools", file=io.BytesIO(data), year=cast.year)
    elapsed = time.monotonic() - started

    assert result.ok, [str(p) for p in result.problems[:3]]
    assert result.counts["schools"].created == N
    assert School.objects.count() == N + 4
    assert SchoolStaff.objects.filter(kind="director").count() == N + 2
    assert SchoolUserObjectPermission.objects.filter(user__email="d5@example.ru").count() == 2
    assert elapsed < 120, f"{elapsed:.1f} s"
