# The browser harness of tests/e2e, for the diagnosis story in this folder.
from tests.e2e.conftest import _chromium, _live_server_without_media, browser, tasks  # noqa: F401
