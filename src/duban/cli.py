"""The ``duban`` command: Django's management commands under the project's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["duban", *(sys.argv[1:] if argv is None else argv)])
    except BrokenPipeError:
        # The reader stopped early (`duban projects … | head`): not an error of duban's. Point
        # stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
