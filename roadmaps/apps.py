from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Документы и дорожные карты"

    def ready(self) -> None:
        from audit import wording

        from .models import Document, Status

        wording.register_statuses(Document._meta.label_lower, Status.choices)  # the journal's «Было/Стало»
