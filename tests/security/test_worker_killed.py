"""A worker killed in the middle of a task: the task goes back to the queue and a new worker finishes it once.

The Redis transport re-queues a delivered but unacknowledged task (acks_late) after `visibility_timeout`; in
production that is slightly above the task time limit (medk/settings.py), here the second worker is started with
3 seconds so the test does not wait half an hour.
"""

import os
import time

import pytest
import redis
from django.conf import settings

from medk.celery import app
from tests.conftest import require_worker_services, start_worker, wait_for


def test_the_visibility_timeout_is_slightly_above_the_task_time_limit():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert app.conf.broker_transport_options["visibility_timeout"] == timeout
    assert settings.CELERY_TASK_TIME_LIMIT < timeout <= settings.CELERY_TASK_TIME_LIMIT + 15 * 60


@pytest.mark.celery_worker
def test_a_task_of_a_killed_worker_is_redelivered_and_finished_exactly_once(
    transactional_db, tmp_path, celery_task_mode
):
    require_worker_services()
    celery_task_mode.CELERY_TASK_ALWAYS_EAGER = False  # the task goes through Redis to the worker
    app.control.purge()
    # A message left unacknowledged by an earlier, interrupted run would be restored into this test's solo
    # worker and block it (kombu's Redis transport keeps them, and its restore lock, in these keys; purge() does
    # not touch them).
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("unacked", "unacked_index", "unacked_mutex")
    first = start_worker(tmp_path / "first.jsonl", "doomed", {"CELERY_VISIBILITY_TIMEOUT": "3"})
    second = None
    try:
        app.send_task("tests.worker_probe.block_until_released", args=[str(tmp_path)])
        wait_for(lambda: (tmp_path / "started").exists(), timeout=60)
        assert (tmp_path / "started").read_text().split() == [str(first.pid)]

        first.stop(kill=True)  # SIGKILL to the worker's whole process group, mid-task
        assert first.proc.returncode == -9
        (tmp_path / "release").touch()
        assert not (tmp_path / "done").exists()

        second = start_worker(tmp_path / "second.jsonl", "heir", {"CELERY_VISIBILITY_TIMEOUT": "3"})
        wait_for(lambda: (tmp_path / "done").exists(), timeout=90)
        second.assert_ran("tests.worker_probe.block_until_released")
        time.sleep(8)  # two more visibility timeouts: an acknowledged task must not come back
        assert (tmp_path / "started").read_text().split() == [str(first.pid), str(second.pid)]
        assert (tmp_path / "done").read_text().split() == [str(second.pid)]
        assert second.pid != os.getpid()
    finally:
        first.stop(kill=True)
        if second is not None:
            second.stop()
        app.control.purge()
