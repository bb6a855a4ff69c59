"""Loads assessment results from .xlsx (the same checks as the import page): everything or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outcomes import importing
from outcomes.models import Assessment
from schools.models import Region


class Command(BaseCommand):
    help = "Загружает результаты ВПР, ОГЭ или ЕГЭ из .xlsx: сначала проверка всего файла, затем запись целиком."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--assessment", required=True, choices=Assessment.values)
        parser.add_argument("--year", required=True, type=int, help="год проведения")
        parser.add_argument("--region", help="код региона: только его школы (иначе любые)")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")

    def handle(self, *args, **options):
        region_id = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"Регион с кодом «{options['region']}» не найден.")
            region_id = region.pk
        try:
            stream = options["file"].open("rb")
        except OSError as error:
            raise CommandError(f"Не удалось открыть файл: {error}") from None
        with stream:
            result = importing.run(
                file=stream,
                assessment=options["assessment"],
                year=options["year"],
                region_id=region_id,
                dry_run=options["dry_run"],
            )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"В файле ошибок: {len(result.problems)}. Ничего не записано.")
        c = result.count("results")
        verb = "Будет" if options["dry_run"] else "Записано"
        self.stdout.write(f"{verb}: добавлено {c.created}, изменено {c.updated}, без изменений {c.unchanged}.")
