from django.apps import AppConfig


class YearCalendarConfig(AppConfig):
    name = "yearcalendar"
    verbose_name = "Календарь года"
