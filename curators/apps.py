from django.apps import AppConfig


class CuratorsConfig(AppConfig):
    name = "curators"
    verbose_name = "Работа кураторов"

    def ready(self) -> None:
        from audit import wording

        from .models import Visit

        wording.register_statuses(Visit._meta.label_lower, Visit.Status.choices)  # the journal's «Было/Стало»
        from surveys import selectors as survey_selectors

        from . import selectors

        survey_selectors.first_visit_lookups.append(selectors.first_visit_on)
