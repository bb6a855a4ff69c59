from django.core.management.base import BaseCommand
from django.db import transaction

from schools import regions


class Command(BaseCommand):
    help = (
        "Обновляет справочник субъектов РФ с кодами: добавляет недостающие, переименовывает по коду; ничего не удаляет."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created, renamed = regions.regions_load()
        self.stdout.write(
            f"Субъектов РФ добавлено: {created}, переименовано: {renamed} (всего в справочнике {len(regions.REGIONS)})."
        )
