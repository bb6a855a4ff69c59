from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools.models import ProjectYear
from surveys import loading


class Command(BaseCommand):
    help = "Загружает анкеты, индикаторы и методику года из surveys/definitions/<год>.json (идемпотентно)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--file", type=Path, default=None, help="другой файл определения")

    def handle(self, *args, year: int, file: Path | None, **options):
        project_year = ProjectYear.objects.filter(year=year).first()
        if project_year is None:
            raise CommandError(f"Нет года проекта {year}")
        try:
            result = loading.questionnaires_load_file(year=project_year, path=file)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Методика {result.method}, индикаторов: {result.indicators}")
        for title in result.created:
            self.stdout.write(f"  загружена: {title}")
        for title in result.unchanged:
            self.stdout.write(f"  без изменений: {title}")
