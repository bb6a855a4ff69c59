from django.core.management.base import BaseCommand

from schools import regions


class Command(BaseCommand):
    help = "Загружает справочник субъектов РФ с кодами (недостающие; существующие не меняются)."

    def handle(self, *args, **options):
        created = regions.regions_create_default()
        self.stdout.write(f"Субъектов РФ добавлено: {created} (всего в справочнике {len(regions.REGIONS)}).")
