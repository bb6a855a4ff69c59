from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        from schools import yearsetup

        from . import signals
        from .services import stages

        signals.connect()  # the dashboards' read model follows the rows its indicators read
        # The plan-graph template (seed 002) is the same for every year: `planning.TEMPLATE`.
        yearsetup.register(
            yearsetup.YearStep(
                "Типичные затруднения мониторинга; шаблон план-графика региона",
                create=lambda year: stages.difficulties_create_default(year=year),
                copy=lambda source, target: stages.difficulties_copy(source=source, target=target),
            )
        )

        from audit import wording

        from .models import MonitoringReport, RegionalPlan

        # The journal's «Было/Стало» in Russian for the stage reports and plan-graphs.
        wording.register_statuses(MonitoringReport._meta.label_lower, MonitoringReport.Status.choices)
        wording.register_statuses(RegionalPlan._meta.label_lower, RegionalPlan.Status.choices)
