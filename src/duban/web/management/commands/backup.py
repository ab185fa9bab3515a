from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.backup import BackupError, backup
from duban.locks import exclusive


class Command(BaseCommand):
    help = "把整个数据库备份到一个文件（SQLite 在线备份，PostgreSQL 用 pg_dump）。Back up the whole database."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, type=Path, help="备份文件路径")

    def handle(self, *args, output, **options):
        with exclusive("maintenance") as held:
            if not held:
                raise CommandError("另一个备份或恢复正在进行，请稍后再试")
            try:
                engine = backup(output)
            except BackupError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"已备份（{engine}）到 {output}，{output.stat().st_size:,} 字节")
