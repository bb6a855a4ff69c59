"""Keeps the dashboards' read model fresh: a saved or deleted row an indicator reads marks its school stale.

Connected in `MonitoringConfig.ready()` from `indicators.WATCHES` (monitoring sits above every app whose rows
it watches, so it listens to their models' own signals). Bulk writes send no signals: the services doing them
announce the schools through `schools.signals.schools_changed` (the profiles a publication sets in one UPDATE too),
and a deleted school has the sums of its municipality and region recomputed; a nightly rebuild catches anything
else.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from roadmaps.models import RequiredDocuments
from schools import signals as school_signals
from schools.models import School, User
from surveys.models import Response

from .services import indicators as ind
from .services import readmodel

# Year-wide settings the indicators read.
YEAR_WIDE = (RequiredDocuments,)
# Answers arrive many per second in the questionnaire weeks: their schools are refreshed a little later.
DEFERRED = {Response}


def _receiver(path: str, deferred: bool):
    def receiver(sender, instance, **kwargs):
        if path == "pk":
            ids = [instance.pk]
        elif path == "school_id":
            ids = [instance.school_id]
        elif kwargs.get("signal") is post_delete:
            return  # the related rows are gone with it; their own deletes mark the schools
        else:
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and sender is User and not {"last_login", "password"} & set(update_fields):
                return
            ids = list(sender.objects.filter(pk=instance.pk).values_list(path, flat=True))
        readmodel.schools_touched(ids, deferred=deferred)

    return receiver


def _school_deleting(sender, instance, **kwargs):
    readmodel.schools_deleted([instance.pk])


def _year_changed(sender, instance, **kwargs):
    """A year-wide rule an indicator reads (the required documents): the whole year is recomputed after the commit."""
    from .tasks import indicator_states_rebuild

    transaction.on_commit(lambda: indicator_states_rebuild.delay(instance.year_id), robust=True)


def _schools_changed(sender, school_ids, **kwargs):
    readmodel.schools_touched(school_ids)


def connect() -> None:
    watched: dict[tuple[type, str], bool] = {}
    for pairs in [*ind.WATCHES.values(), ind.WATCHES_ALWAYS]:
        for model, path in pairs:
            watched[(model, path)] = model in DEFERRED
    for (model, path), deferred in watched.items():
        receiver = _receiver(path, deferred)
        uid = f"monitoring-readmodel-{model._meta.label}-{path}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    # A deleted school takes its read model row with it (a cascade): its areas are recomputed from what is left.
    pre_delete.connect(_school_deleting, sender=School, dispatch_uid="monitoring-readmodel-school-deleting")
    for model in YEAR_WIDE:
        post_save.connect(_year_changed, sender=model, dispatch_uid=f"monitoring-readmodel-year-{model._meta.label}")
        post_delete.connect(_year_changed, sender=model, dispatch_uid=f"monitoring-readmodel-year-{model._meta.label}")
    school_signals.schools_changed.connect(_schools_changed, dispatch_uid="monitoring-readmodel-schools-changed")
