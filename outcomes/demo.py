"""Demo outcomes: two years of ВПР and ОГЭ results for the Smolensk schools of the programme and for a comparison
group of other schools of the region, and the final diagnosis of the schools that activated risk directions."""

import random
from decimal import Decimal

from schools.models import Municipality, School
from schools.validators import make_inn10
from surveys import demo as surveys_demo
from surveys import scoring
from surveys.models import RiskActivation

from .models import Assessment, AssessmentResult

# Other schools of the region (not in the programme): the comparison group. Invented, real-sounding.
COMPARISON = (
    ("город Смоленск", "МБОУ «Средняя школа № 7»", "671900701"),
    ("город Смоленск", "МБОУ «Средняя школа № 21»", "671900721"),
    ("город Смоленск", "МБОУ «Лицей № 1 им. академика Б. Н. Петрова»", "671900731"),
    ("Гагаринский район", "МБОУ «Гагаринская средняя школа № 2»", "671900741"),
    ("Сафоновский район", "МБОУ «Средняя школа № 4» г. Сафоново", "671900751"),
    ("Починковский район", "МБОУ «Стодолищенская средняя школа»", "671900761"),
    ("Краснинский район", "МБОУ «Краснинская средняя школа»", "671900771"),
    ("Гагаринский район", "МБОУ «Кармановская средняя школа»", "671900781"),
)
SUBJECTS = (
    (Assessment.VPR, 5, "Математика", 12.0),
    (Assessment.VPR, 5, "Русский язык", 14.0),
    (Assessment.VPR, 6, "Математика", 15.0),
    (Assessment.VPR, 8, "Русский язык", 13.0),
    (Assessment.OGE, 9, "Математика", 9.0),
    (Assessment.OGE, 9, "Русский язык", 5.0),
)


def _comparison_schools(region) -> list[School]:
    schools = []
    for municipality_name, short_name, body in COMPARISON:
        municipality = Municipality.objects.filter(region=region, name=municipality_name).first()
        if municipality is None:
            continue
        school, _ = School.objects.get_or_create(
            inn=make_inn10(body),
            defaults={
                "municipality": municipality,
                "short_name": short_name,
                "full_name": short_name.replace("МБОУ", "Муниципальное бюджетное общеобразовательное учреждение"),
                "fis_oko_code": f"sch67{body[-4:]}",
            },
        )
        schools.append(school)
    return schools


def _marks(share2: float, rng: random.Random) -> dict:
    share5 = rng.uniform(4, 14)
    share4 = rng.uniform(25, 38)
    share3 = max(0.0, 100 - share2 - share4 - share5)
    return {k: Decimal(f"{v:.2f}") for k, v in (("share3", share3), ("share4", share4), ("share5", share5))}


def _results(*, schools, programme: bool, years: tuple[int, int], rng: random.Random) -> int:
    rows = []
    for school in schools:
        level = rng.uniform(1.4, 2.0) if programme else rng.uniform(0.6, 1.2)  # the programme's schools start lower
        for assessment, grade, subject, base in SUBJECTS:
            before = min(45.0, base * level + rng.uniform(-3, 3))
            # Both groups move a little; the programme's schools a few points more (demo data, not a finding).
            after = max(0.0, before - (rng.uniform(3, 8) if programme else rng.uniform(-1, 2)))
            pupils = rng.randint(9, 28) if programme else rng.randint(40, 110)
            for year, share2 in zip(years, (before, after), strict=True):
                mean_scale = 20 if assessment == Assessment.VPR else 32
                mean = mean_scale * (1 - share2 / 120) + rng.uniform(-0.6, 0.6)
                marks = _marks(share2, rng) if assessment != Assessment.EGE else {}
                rows.append(
                    AssessmentResult(
                        school=school,
                        assessment=assessment,
                        year=year,
                        grade=grade,
                        subject=subject,
                        participants=pupils + rng.randint(-3, 3),
                        share2=Decimal(f"{share2:.2f}"),
                        mean=Decimal(f"{mean:.2f}"),
                        **marks,
                    )
                )
    AssessmentResult.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def load(ctx: dict) -> list[str]:
    year = ctx["year"]
    smolensk_schools = [s for s in ctx["schools"] if s.fis_oko_code.startswith("sch67")]
    if not smolensk_schools:
        return []
    region = smolensk_schools[0].municipality.region
    rng = random.Random(13)
    years = (year.year - 1, year.year)
    comparison = _comparison_schools(region)
    written = _results(schools=smolensk_schools, programme=True, years=years, rng=rng)
    written += _results(schools=comparison, programme=False, years=years, rng=rng)
    # The end of the year: most Smolensk schools went through the diagnosis (the focus school of the other demos
    # keeps waiting for its curator), and those that worked on risk directions answer again; mostly the risk falls.
    for school in smolensk_schools[1:7]:
        if surveys_demo.FOCUS not in school.short_name:
            surveys_demo.diagnosis_complete(school=school, year=year)
    active = set(RiskActivation.objects.filter(direction__year=year).values_list("school_id", flat=True))
    answered = 0
    for index, school in enumerate(s for s in smolensk_schools if s.pk in active):
        change = 0.08 if index == 2 else -0.22  # one school's risk grows: the view must show that too
        answered += surveys_demo.final_round_answer(school=school, year=year, rng=rng, change=change)
    final = scoring.final_scores_recompute(year=year)
    return [
        f"Результаты ВПР и ОГЭ {years[0]}–{years[1]}: {written} строк (школ программы {len(smolensk_schools)}, "
        f"группа сравнения {len(comparison)}); итоговая диагностика: анкет {answered}, школ {final}"
    ]
