"""Queueing background work after commit, so that a broker outage is visible — never a silent loss,
never a crashed request after the user's data was already saved."""

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)

BROKER_DOWN = "Очередь фоновых задач недоступна — задача не запущена. Повторите позже или сообщите администратору."


def enqueue_on_commit(task, *args, on_failure: Callable[[str], None] | None = None) -> None:
    """Sends `task.delay(*args)` once the transaction commits; when the broker cannot be reached the
    error is logged and `on_failure(message)` marks the caller's status record as failed."""

    def send() -> None:
        try:
            task.delay(*args)
        except (OperationalError, OSError) as exc:
            log.error("broker unavailable: %s%r not queued: %s", task.name, args, exc)
            if on_failure is not None:
                on_failure(BROKER_DOWN)

    transaction.on_commit(send)
