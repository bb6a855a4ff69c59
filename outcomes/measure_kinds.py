"""Kinds of roadmap measures, read from their titles (the roadmap has no «kind» field): a transparent keyword
list, for a descriptive count only. A measure matches the first kind whose word stem its title contains."""

from schools.importing.base import normalize

KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Повышение квалификации, курсы", ("квалификац", "курс", "стажировк", "обучениепедагог")),
    ("Семинары, вебинары, педсоветы", ("семинар", "вебинар", "педсовет", "конференц", "круглыйстол")),
    ("Методическая работа, взаимопосещения", ("методическ", "взаимопосещ", "наставнич", "открытыхурок", "мо")),
    ("Диагностика и мониторинг", ("диагност", "мониторинг", "анализ", "контрольн", "срез")),
    ("Индивидуальная работа с обучающимися", ("индивидуальн", "консультац", "дополнительныезанят", "маршрут")),
    ("Работа с родителями", ("родител", "семь")),
    ("Оснащение и среда", ("оснащ", "оборудован", "закупк", "ремонт", "библиотек", "кабинет")),
    ("Воспитательная и внеурочная работа", ("внеуроч", "воспитат", "кружк", "клуб", "мероприят")),
)
OTHER = "Прочее"


def kind_of(title: str) -> str:
    text = normalize(title)
    for kind, stems in KINDS:
        if any(stem in text for stem in stems if len(stem) > 2):
            return kind
    return OTHER
