from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        from audit import wording

        from .models import MonitoringReport, RegionalPlan

        # The journal's «Было/Стало» in Russian for the stage reports and plan-graphs.
        wording.register_statuses(MonitoringReport._meta.label_lower, MonitoringReport.Status.choices)
        wording.register_statuses(RegionalPlan._meta.label_lower, RegionalPlan.Status.choices)
