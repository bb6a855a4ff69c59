"""The demo organisation: Smolensk region from seed 004 (real school names, invented people) and the
Yaroslavl municipalities from seed 002 with a few invented schools. Used by `load_demo` and by the example
file `fixtures/smolensk_schools.xlsx` (the same schools and directors, so importing it after `load_demo`
changes nothing)."""

from dataclasses import dataclass

from medk.lib import excel

from .importing import schools as schools_kind
from .validators import make_inn10

DEMO_PASSWORD = "demo-Medk-2026"
DOMAIN = "medk.example"


@dataclass(frozen=True)
class DemoSchool:
    key: str
    municipality: str
    short_name: str
    full_name: str
    address: str
    rural: bool
    director: tuple[str, str, str]  # invented: фамилия, имя, отчество
    inn_body: str  # 9 digits; the control digit is computed

    @property
    def inn(self) -> str:
        return make_inn10(self.inn_body)

    @property
    def fis_oko_code(self) -> str:
        return f"sch67{self.inn_body[-4:]}" if self.inn_body.startswith("67") else f"sch76{self.inn_body[-4:]}"

    @property
    def director_email(self) -> str:
        return "director@" + DOMAIN if self.key == "gusino" else f"director.{self.key}@{DOMAIN}"


SMOLENSK = ("67", "Смоленская область")
SMOLENSK_MUNICIPALITIES = (
    "Краснинский район",
    "город Смоленск",
    "Гагаринский район",
    "Починковский район",
    "Сафоновский район",
)
_MBOU = "Муниципальное бюджетное общеобразовательное учреждение"
_MKOU = "Муниципальное казённое общеобразовательное учреждение"
SMOLENSK_SCHOOLS = (
    DemoSchool(
        "gusino",
        "Краснинский район",
        "МБОУ «Гусинская СШ»",
        f"{_MBOU} «Гусинская средняя школа» Краснинского района Смоленской области",
        "Смоленская обл., Краснинский р-н, д. Гусино, ул. Школьная, 1",
        True,
        ("Смирнова", "Елена", "Андреевна"),
        "671900011",
    ),
    DemoSchool(
        "merlino",
        "Краснинский район",
        "МБОУ «Мерлинская школа»",
        f"{_MBOU} «Мерлинская средняя школа» Краснинского района Смоленской области",
        "Смоленская обл., Краснинский р-н, д. Мерлино, ул. Центральная, 5",
        True,
        ("Егоров", "Виктор", "Семёнович"),
        "671900012",
    ),
    DemoSchool(
        "smol9",
        "город Смоленск",
        "МБОУ «СШ № 9»",
        f"{_MBOU} «Средняя школа № 9» города Смоленска",
        "г. Смоленск, ул. Учебная, 9",
        False,
        ("Никитина", "Галина", "Петровна"),
        "673000091",
    ),
    DemoSchool(
        "smol10",
        "город Смоленск",
        "МБОУ «СШ № 10»",
        f"{_MBOU} «Средняя школа № 10» города Смоленска",
        "г. Смоленск, ул. Учебная, 10",
        False,
        ("Макаров", "Олег", "Дмитриевич"),
        "673000101",
    ),
    DemoSchool(
        "rodomanovo",
        "Гагаринский район",
        "МБОУ «Родомановская СШ»",
        f"{_MBOU} «Родомановская средняя школа» Гагаринского района Смоленской области",
        "Смоленская обл., Гагаринский р-н, с. Родоманово, ул. Школьная, 3",
        True,
        ("Андреева", "Людмила", "Ивановна"),
        "672300031",
    ),
    DemoSchool(
        "samolubovo",
        "Починковский район",
        "МБОУ «Самолубовская ОШ»",
        f"{_MBOU} «Самолубовская основная школа» Починковского района Смоленской области",
        "Смоленская обл., Починковский р-н, д. Самолубово, ул. Садовая, 2",
        True,
        ("Борисов", "Геннадий", "Львович"),
        "671200041",
    ),
    DemoSchool(
        "baranovo",
        "Сафоновский район",
        "МКОУ «Барановская СОШ»",
        f"{_MKOU} «Барановская средняя общеобразовательная школа» Сафоновского района Смоленской области",
        "Смоленская обл., Сафоновский р-н, д. Барановка, ул. Мира, 4",
        True,
        ("Григорьева", "Наталья", "Олеговна"),
        "672600051",
    ),
    DemoSchool(
        "vadino",
        "Сафоновский район",
        "МКОУ «Вадинская СОШ»",
        f"{_MKOU} «Вадинская средняя общеобразовательная школа» Сафоновского района Смоленской области",
        "Смоленская обл., Сафоновский р-н, с. Вадино, ул. Школьная, 7",
        True,
        ("Дмитриев", "Аркадий", "Юрьевич"),
        "672600052",
    ),
    DemoSchool(
        "safonovo3",
        "Сафоновский район",
        "МБОУ «СОШ № 3» г. Сафонова",
        f"{_MBOU} «Средняя общеобразовательная школа № 3» города Сафонова Смоленской области",
        "Смоленская обл., г. Сафоново, ул. Ленина, 3",
        False,
        ("Яковлева", "Ирина", "Сергеевна"),
        "672600053",
    ),
)

YAROSLAVL = ("76", "Ярославская область")
YAROSLAVL_MUNICIPALITIES = (
    "городской округ город Ярославль",
    "Борисоглебский муниципальный район",
    "Гаврилов-Ямский муниципальный район",
    "Ростовский муниципальный район",
    "Угличский муниципальный район",
)
YAROSLAVL_SCHOOLS = (
    DemoSchool(
        "yar12",
        "городской округ город Ярославль",
        "МОУ «Средняя школа № 112»",
        "Муниципальное общеобразовательное учреждение «Средняя школа № 112» (демо)",
        "г. Ярославль, ул. Демонстрационная, 12",
        False,
        ("Корнилова", "Юлия", "Викторовна"),
        "760400121",
    ),
    DemoSchool(
        "borisogleb",
        "Борисоглебский муниципальный район",
        "МОУ «Ягодная СШ»",
        "Муниципальное общеобразовательное учреждение «Ягодная средняя школа» (демо)",
        "Ярославская обл., Борисоглебский р-н, с. Ягодное, ул. Школьная, 1",
        True,
        ("Тихонов", "Артём", "Валерьевич"),
        "760900131",
    ),
    DemoSchool(
        "uglich",
        "Угличский муниципальный район",
        "МОУ «Ольховская ОШ»",
        "Муниципальное общеобразовательное учреждение «Ольховская основная школа» (демо)",
        "Ярославская обл., Угличский р-н, д. Ольховка, ул. Речная, 2",
        True,
        ("Кудрявцева", "Марина", "Алексеевна"),
        "761200141",
    ),
)

# Invented people (role → e-mail local part, ФИО, scope).
ADMIN = ("admin", ("Орлов", "Андрей", "Викторович"))
FEDERAL = ("federal", ("Белова", "Марина", "Сергеевна"))
REGIONAL = {
    "67": ("regional", ("Кузнецова", "Ирина", "Павловна")),
    "76": ("regional.yar", ("Соколов", "Дмитрий", "Андреевич")),
}
MUNICIPAL = {
    "Краснинский район": ("municipal", ("Лебедева", "Анна", "Игоревна")),
    "город Смоленск": ("municipal.smolensk", ("Волкова", "Татьяна", "Юрьевна")),
    "Гагаринский район": ("municipal.gagarin", ("Зайцев", "Николай", "Петрович")),
    "Починковский район": ("municipal.pochinok", ("Фролова", "Вера", "Алексеевна")),
    "Сафоновский район": ("municipal.safonovo", ("Павлов", "Игорь", "Олегович")),
}
# curator → schools (keys): one curator per Smolensk school, as the seed 004 roster (9 curators for 9 schools);
# the first one is the demo «curator» login (МБОУ «Гусинская СШ»).
CURATORS = (
    ("curator", ("Громов", "Алексей", "Николаевич"), ("gusino",)),
    ("curator.merlino", ("Титова", "Светлана", "Викторовна"), ("merlino",)),
    ("curator.smol9", ("Савельев", "Павел", "Андреевич"), ("smol9",)),
    ("curator.smol10", ("Калинина", "Ольга", "Дмитриевна"), ("smol10",)),
    ("curator.rodomanovo", ("Соловьёва", "Дарья", "Михайловна"), ("rodomanovo",)),
    ("curator.samolubovo", ("Киселёв", "Борис", "Аркадьевич"), ("samolubovo",)),
    ("curator.baranovo", ("Медведева", "Полина", "Сергеевна"), ("baranovo",)),
    ("curator.vadino", ("Голубев", "Семён", "Викторович"), ("vadino",)),
    ("curator.safonovo", ("Воробьёва", "Елена", "Романовна"), ("safonovo3",)),
    ("curator.yar", ("Ершов", "Роман", "Ильич"), ("yar12", "borisogleb", "uglich")),
)


def email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def smolensk_workbook_rows():
    for s in SMOLENSK_SCHOOLS:
        yield (
            SMOLENSK[1],
            s.municipality,
            s.full_name,
            s.short_name,
            s.inn,
            s.fis_oko_code,
            s.address,
            "сельская" if s.rural else "городская",
            " ".join(s.director),
            s.director_email,
        )


def smolensk_workbook():
    """The Smolensk list as the Department would send it: title rows above the canonical header."""
    return excel.write_workbook(
        [(schools_kind.SHEET, [c.title for c in schools_kind.COLUMNS], smolensk_workbook_rows())],
        title_rows={
            schools_kind.SHEET: (
                "Перечень общеобразовательных организаций — участниц проекта «500+»",
                "Смоленская область (демонстрационные данные: ИНН и люди вымышлены)",
            )
        },
    )
