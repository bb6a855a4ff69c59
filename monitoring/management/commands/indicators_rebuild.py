import time

from django.core.management.base import BaseCommand, CommandError

from monitoring.services import readmodel
from schools.models import ProjectYear
from schools.permissions import current_year


class Command(BaseCommand):
    help = "Пересчитывает показатели дашбордов (по школам, муниципалитетам и регионам) из живых данных."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="год проекта (по умолчанию текущий)")

    def handle(self, *args, year=None, **options):
        project_year = ProjectYear.objects.filter(year=year).first() if year else current_year()
        if project_year is None:
            raise CommandError(f"Год проекта {year} не найден." if year else "Текущий год проекта не задан.")
        started = time.monotonic()
        n = readmodel.indicator_states_rebuild(year=project_year)
        self.stdout.write(f"Показатели пересчитаны: {project_year}, школ: {n}, {time.monotonic() - started:.1f} с")
