import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Uploaded or generated files go to a per-test folder, never the developer's ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"
