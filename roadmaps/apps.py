from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Документы и дорожные карты"

    def ready(self) -> None:
        from schools import yearsetup

        from . import services

        yearsetup.register(
            yearsetup.YearStep(
                "Рубрика экспертизы документов (полнота управленческого цикла)",
                create=lambda year: services.rubric_for_year(year=year),
                copy=lambda source, target: (
                    services.rubric_copy(source=source, target=target) or services.rubric_for_year(year=target)
                ),
            )
        )
