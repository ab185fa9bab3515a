import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    """A model edited without its migration would fail on a deployed database, not in tests."""
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit:
        pytest.fail(f"missing migrations (exit {exit.code}):\n{out.getvalue()}")
