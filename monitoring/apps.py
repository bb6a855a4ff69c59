from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        from schools import yearsetup

        from .services import stages

        # The plan-graph template (seed 002) is the same for every year: `planning.TEMPLATE`.
        yearsetup.register(
            yearsetup.YearStep(
                "Типичные затруднения мониторинга; шаблон план-графика региона",
                create=lambda year: stages.difficulties_create_default(year=year),
                copy=lambda source, target: stages.difficulties_copy(source=source, target=target),
            )
        )
