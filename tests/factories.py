import itertools

import factory
from factory.django import DjangoModelFactory

from schools import models
from schools.validators import make_inn10

_inn_seq = itertools.count(100000000)


def next_inn() -> str:
    return make_inn10(str(next(_inn_seq)))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Пётр"
    middle_name = "Сергеевич"
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProjectYearFactory(DjangoModelFactory):
    class Meta:
        model = models.ProjectYear
        django_get_or_create = ("year",)

    year = 2026
    is_current = True


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = models.Region
        # The regions of the Federation are there after `migrate` (schools 0002): a catalogue code is reused.
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Регион {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = models.Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Муниципальный район {n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = models.School

    municipality = factory.SubFactory(MunicipalityFactory)
    full_name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"МБОУ «Школа № {n}»")
    inn = factory.LazyFunction(next_inn)
    fis_oko_code = factory.Sequence(lambda n: f"sch{n:06d}")
    address = "ул. Школьная, 1"


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = models.Participation

    school = factory.SubFactory(SchoolFactory)
    year = factory.SubFactory(ProjectYearFactory)
