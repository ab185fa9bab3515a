import pytest
from hypothesis import settings as hypothesis_settings

# CI shares two cores with whatever else runs: a property's truth does not depend on its speed,
# so no per-example deadline (hypothesis' 200 ms default fails healthy tests under load).
hypothesis_settings.register_profile("duban", deadline=None)
hypothesis_settings.load_profile("duban")


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Uploaded or generated files go to a per-test folder, never the developer's ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_monitoring_cache():
    """Each test rolls back its rows, so ids repeat: never let one test see another's cached dates."""
    from duban.monitoring.freshness import forget_data_ends

    forget_data_ends()


@pytest.fixture(autouse=True)
def _fresh_answer_cache():
    """Rolled-back rows give the next test the same change marks: never serve it another test's answer."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.ANSWER_CACHE].clear()


@pytest.fixture(autouse=True)
def _refresh_on_read(settings):
    """Tests write figures with the ORM, past the hooks that bring results current: reads refresh
    inline (tests/monitoring/test_reads_only_read.py covers the queue)."""
    settings.REFRESH_ON_READ = "inline"


@pytest.fixture(autouse=True)
def _default_language():
    """A request with an English cookie leaves English active in the thread: reset it for the next test."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
