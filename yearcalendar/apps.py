from django.apps import AppConfig


class YearCalendarConfig(AppConfig):
    name = "yearcalendar"
    verbose_name = "Календарь года"

    def ready(self) -> None:
        from schools import yearsetup

        from . import services

        yearsetup.register(
            yearsetup.YearStep(
                "Календарь года с контрольными показателями",
                create=lambda year: services.calendar_create_default(year=year),
                copy=lambda source, target: services.calendar_copy(source=source, target=target),
            )
        )
