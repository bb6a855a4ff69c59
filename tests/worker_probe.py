"""Loaded only into the Celery worker processes that tests start (`celery worker --include tests.worker_probe`).

Every task the worker runs is written, with the worker's pid and hostname, to the JSON-lines file named by
MEDK_TEST_TASK_LOG: a test then proves its task ran in that worker and not in the test process. The task below
exists for the worker-kill test only.
"""

import json
import os
import socket
import time
from pathlib import Path

from celery.signals import task_postrun, task_prerun

from medk.celery import app


def _record(event: str, task, task_id) -> None:
    path = os.environ.get("MEDK_TEST_TASK_LOG")
    if not path:
        return
    line = {
        "event": event,
        "task": task.name,
        "id": task_id,
        "pid": os.getpid(),
        "hostname": getattr(task.request, "hostname", None) or socket.gethostname(),
    }
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


@task_prerun.connect
def _started(sender=None, task_id=None, task=None, **kwargs):
    _record("started", task, task_id)


@task_postrun.connect
def _finished(sender=None, task_id=None, task=None, **kwargs):
    _record("finished", task, task_id)


@app.task(name="tests.worker_probe.block_until_released")
def block_until_released(folder: str) -> None:
    """Blocks mid-way until `folder/release` exists, then counts one completion in `folder/done`."""
    base = Path(folder)
    with open(base / "started", "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (base / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("release file never appeared")
        time.sleep(0.1)
    with open(base / "done", "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
