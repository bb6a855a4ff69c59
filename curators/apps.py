from django.apps import AppConfig


class CuratorsConfig(AppConfig):
    name = "curators"
    verbose_name = "Работа кураторов"

    def ready(self) -> None:
        from surveys import selectors as survey_selectors

        from . import selectors

        survey_selectors.first_visit_lookups.append(selectors.first_visit_on)
