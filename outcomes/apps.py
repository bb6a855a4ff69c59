from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Результаты и эффект программы"

    def ready(self) -> None:
        # The regional and federal PDF reports (monitoring) get an «Результаты» section through its registry.
        from monitoring.services import reports

        from . import report_section

        reports.register_section(report_section.section)
