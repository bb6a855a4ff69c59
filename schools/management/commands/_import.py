"""Shared body of the import_* commands."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools import importing, permissions
from schools.models import ProjectYear, Region


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл Excel (.xlsx)")
        parser.add_argument("--year", type=int, help="год проекта (по умолчанию текущий)")
        parser.add_argument("--dry-run", action="store_true", help="только проверить и показать, что изменится")
        parser.add_argument(
            "--create-municipalities", action="store_true", help="создавать муниципалитеты, которых нет в системе"
        )
        parser.add_argument("--region", help="код региона: строки других регионов — ошибка (импорт для одного региона)")
        if self.kind == "schools":
            parser.add_argument(
                "--sync",
                action="store_true",
                help="школы региона (регионов файла), которых нет в файле, выходят из года; ничего не удаляется",
            )

    def handle(
        self,
        *args,
        file: str,
        year: int | None,
        dry_run: bool,
        create_municipalities: bool,
        region: str | None = None,
        sync: bool = False,
        **options,
    ):
        path = Path(file)
        only_region = None
        if region:
            only_region = Region.objects.filter(code=region.zfill(2)).first()
            if only_region is None:
                raise CommandError(f"Нет региона с кодом {region}.")
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        if year:
            project_year = ProjectYear.objects.filter(year=year).first()
            if project_year is None:
                raise CommandError(f"Год проекта {year} не заведён в системе.")
        else:
            project_year = permissions.current_year()
            if project_year is None:
                raise CommandError("В системе нет ни одного года проекта: укажите --year после его создания.")
        with path.open("rb") as f:
            result = importing.run(
                kind=self.kind,
                file=f,
                year=project_year,
                dry_run=dry_run,
                create_municipalities=create_municipalities,
                region=only_region,
                sync=sync,
            )
        for problem in result.problems:
            self.stderr.write(str(problem))
        if result.problems:
            raise CommandError(f"Ошибок в файле: {len(result.problems)}. Ничего не записано.")
        self.stdout.write(f"{importing.KINDS[self.kind].TITLE}, {project_year.year}: строк {result.rows}.")
        for entity, c in result.counts.items():
            if c.created or c.updated or c.unchanged:
                label = importing.ENTITY_LABELS.get(entity, entity)
                self.stdout.write(f"  {label}: создано {c.created}, изменено {c.updated}, без изменений {c.unchanged}")
        labels = {"created": "новая школа", "left": "выходит из года", "changed": "изменится"}
        for d in result.details:
            fields = f": {', '.join(d['fields'])}" if d["fields"] else ""
            self.stdout.write(f"  {d['name']} (ИНН {d['inn']}) — {labels[d['action']]}{fields}")
        if result.ignored_headers:
            self.stdout.write("Пропущены нераспознанные столбцы: " + ", ".join(result.ignored_headers))
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Проверка без записи: ошибок нет, в базе ничего не изменено."))
        else:
            self.stdout.write(self.style.SUCCESS("Готово: данные записаны."))
