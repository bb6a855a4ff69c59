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
        yearsetup.register(
            yearsetup.YearStep(
                "Обязательные концептуальные документы",
                create=lambda year: None,  # no row: the seeds' default (concept and roadmap)
                copy=lambda source, target: services.required_documents_copy(source=source, target=target),
            )
        )

        from audit import wording

        from .models import Document, Status

        wording.register_statuses(Document._meta.label_lower, Status.choices)  # the journal's «Было/Стало»
