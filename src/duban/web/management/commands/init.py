from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "创建或迁移数据库。Create or migrate the database."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        database = settings.DATABASES["default"]
        where = database["NAME"] if database["ENGINE"].endswith("sqlite3") else f"{database['HOST']}/{database['NAME']}"
        self.stdout.write(f"数据库已就绪：{where}")
