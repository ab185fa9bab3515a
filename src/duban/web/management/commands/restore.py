from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.backup import BackupError, restore
from duban.locks import exclusive


class Command(BaseCommand):
    help = "从 duban backup 的文件恢复整个数据库。Restore the whole database from a `duban backup` file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="数据库已有数据时，用备份整体覆盖")

    def handle(self, *args, file, replace, **options):
        with exclusive("maintenance") as held:
            if not held:
                raise CommandError("另一个备份或恢复正在进行，请稍后再试")
            try:
                restore(file, replace=replace)
            except BackupError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"已从 {file} 恢复数据库")
