from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Анкетирование и профили рисков"

    def ready(self) -> None:
        from schools import yearsetup as steps

        from . import yearsetup

        steps.register(
            steps.YearStep(
                "Десять рисковых направлений, шесть анкет и методика расчёта профиля",
                create=lambda year: yearsetup.year_create(year=year),
                copy=lambda source, target: yearsetup.year_copy(source=source, target=target),
            )
        )
