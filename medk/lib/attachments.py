"""One shape for the files people attach to a record (a visit's files, a stage report's evidence).

Stored under a generated name in a folder of the owning school (`uploads.storage_name`), shown and
downloaded under the person's own file name, and served only through permission-checked views.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import uploads


def _upload_to(instance: "AttachedFile", filename: str) -> str:
    folder = f"{instance.upload_folder}/{instance.owner_school_id()}/{datetime.date.today():%Y%m}"
    return uploads.storage_name(folder, filename)


class AttachedFile(models.Model):
    upload_folder = ""  # set by each concrete model, e.g. "monitoring/visits"

    file = models.FileField("файл", upload_to=_upload_to, max_length=500)
    name = models.CharField("имя файла", max_length=255)
    size = models.PositiveBigIntegerField("размер", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def owner_school_id(self) -> int:
        raise NotImplementedError
