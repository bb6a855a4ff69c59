from django.apps import AppConfig


class CuratorsConfig(AppConfig):
    name = "curators"
    verbose_name = "Работа кураторов"

    def ready(self) -> None:
        from schools import yearsetup
        from surveys import selectors as survey_selectors

        from . import selectors
        from .services import visits

        survey_selectors.first_visit_lookups.append(selectors.first_visit_on)
        yearsetup.register(
            yearsetup.YearStep(
                "Правило визитов кураторов и форма оценки изменений",
                create=lambda year: visits.visit_rule_create_default(year=year),
                copy=lambda source, target: visits.visit_rule_copy(source=source, target=target),
            )
        )

        from audit import wording

        from .models import Visit

        wording.register_statuses(Visit._meta.label_lower, Visit.Status.choices)  # the journal's «Было/Стало»
