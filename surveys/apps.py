from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Анкетирование и профили рисков"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from schools import yearsetup as steps
        from yearcalendar.services import dates_changed

        from . import yearsetup
        from .selectors import respondents

        for model in respondents.INTAKE_SOURCES:
            post_save.connect(respondents.forget_intakes, sender=model, dispatch_uid=f"intake-{model.__name__}")
            post_delete.connect(respondents.forget_intakes, sender=model, dispatch_uid=f"intake-{model.__name__}-d")
        dates_changed.connect(respondents.forget_intakes, dispatch_uid="intake-dates")

        steps.register(
            steps.YearStep(
                "Десять рисковых направлений, шесть анкет и методика расчёта профиля",
                create=lambda year: yearsetup.year_create(year=year),
                copy=lambda source, target: yearsetup.year_copy(source=source, target=target),
            )
        )
