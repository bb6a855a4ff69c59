import datetime

from django.core.management.base import BaseCommand, CommandError

from monitoring.services import reminders


class Command(BaseCommand):
    help = "Отправляет напоминания о сроках и эскалации (то же, что ежедневная задача; повторный запуск безопасен)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="считать сегодняшней дату ДД.ММ.ГГГГ (для проверки)")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d.%m.%Y").date()
            except ValueError:
                raise CommandError(f"Дата «{date}» не в формате ДД.ММ.ГГГГ") from None
        result = reminders.reminders_run(today=today)
        self.stdout.write(
            f"Напоминаний: {result.reminders}, эскалаций: {result.escalations}, уведомлений: {result.notifications}"
        )
