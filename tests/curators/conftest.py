import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media
