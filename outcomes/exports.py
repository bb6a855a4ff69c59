"""The outcome view as .xlsx (through medk.lib.excel: numbers stay numbers, text never becomes a formula)."""

from decimal import Decimal
from typing import IO

from medk.lib import excel

from . import selectors

CAVEATS = (
    "Разность разностей: изменение в школах программы минус изменение в остальных школах региона за те же годы.",
    "Это описание, а не доказательство: школы попали в программу не случайно (отбор по низким результатам), "
    "поэтому часть изменения может быть возвратом к среднему.",
    f"Учтены только предметы и классы, по которым у школы есть результаты за оба года. Группа меньше "
    f"{selectors.MIN_PUPILS} участников не показывается.",
    f"«Ненадёжно»: в одной из групп меньше {selectors.RELIABLE_SCHOOLS} школ или меньше "
    f"{selectors.RELIABLE_PUPILS} участников в каком-то году.",
    "Виды мероприятий определены по словам в названиях; таблица описательная и не говорит, что помогло.",
)


def _n(value: Decimal | None) -> float | str:
    return "" if value is None else float(value)


def outcome_workbook(*, outcome: selectors.Outcome, title: str, school_rows=None) -> IO[bytes]:
    years = f"{outcome.before}→{outcome.after}" if outcome.before else "нет двух лет с результатами"
    headers = [
        "Процедура, класс, предмет",
        f"Программа: доля «2» {outcome.before}, %",
        f"Программа: доля «2» {outcome.after}, %",
        "Программа: изменение доли «2», п.п.",
        f"Остальные: доля «2» {outcome.before}, %",
        f"Остальные: доля «2» {outcome.after}, %",
        "Остальные: изменение доли «2», п.п.",
        "Разность разностей (доля «2»), п.п.",
        "Программа: изменение среднего балла",
        "Остальные: изменение среднего балла",
        "Разность разностей (средний балл)",
        "Участников программы (после)",
        "Участников остальных (после)",
        "Надёжность",
    ]
    rows = [
        [
            r.title,
            _n(r.programme.before.share2),
            _n(r.programme.after.share2),
            _n(r.programme.share2_change),
            _n(r.comparison.before.share2),
            _n(r.comparison.after.share2),
            _n(r.comparison.share2_change),
            _n(r.share2_did),
            _n(r.programme.mean_change),
            _n(r.comparison.mean_change),
            _n(r.mean_did),
            r.programme.after.pupils,
            r.comparison.after.pupils,
            "надёжно" if r.reliable else "ненадёжно: мало школ или участников",
        ]
        for r in outcome.rows
    ]
    sheets = [("Сравнение", headers, rows)]
    sheets.append(
        (
            "Рисковые направления",
            [
                "Направление",
                "Риск снизился",
                "Не изменился",
                "Вырос",
                "Нет итоговых данных",
                "Доля снизившихся, %",
                "Надёжность",
            ],
            [
                [
                    str(d.direction),
                    d.fell,
                    d.same,
                    d.rose,
                    d.nodata,
                    "" if d.share_fell is None else d.share_fell,
                    "надёжно" if d.reliable else "ненадёжно: мало школ",
                ]
                for d in outcome.directions
            ],
        )
    )
    sheets.append(
        (
            "Мероприятия",
            [
                "Вид мероприятий",
                "Выполнено в школах, где риск снизился",
                "Таких школ",
                "Выполнено в остальных школах",
                "Таких школ",
            ],
            [
                [m.kind, m.improved_measures, m.improved_schools, m.other_measures, m.other_schools]
                for m in outcome.measure_kinds
            ],
        )
    )
    if school_rows is not None:
        sheets.append(
            (
                "Школы программы",
                [
                    "Школа",
                    "Муниципалитет",
                    "Риск снизился (направлений)",
                    "Не изменился",
                    "Вырос",
                    f"Доля «2» {outcome.before}, %",
                    f"Доля «2» {outcome.after}, %",
                ],
                [
                    [
                        str(r.school),
                        str(r.school.municipality),
                        r.fell,
                        r.same,
                        r.rose,
                        _n(r.before.share2),
                        _n(r.after.share2),
                    ]
                    for r in school_rows
                ],
            )
        )
    sheets.append(("Пояснения", ["Пояснение"], [[c] for c in CAVEATS]))
    return excel.write_workbook(sheets, title_rows={"Сравнение": [f"Результаты обучающихся: {title}, годы {years}"]})
