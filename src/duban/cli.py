"""The ``duban`` command: Django's management commands under the project's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["duban", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
