"""Reads of notifications and read markers."""

import datetime

from .models import ReadState


def read_map(*, user, kind: str, ids) -> dict[int, datetime.datetime]:
    return dict(
        ReadState.objects.filter(user=user, kind=kind, object_id__in=list(ids)).values_list("object_id", "read_at")
    )
