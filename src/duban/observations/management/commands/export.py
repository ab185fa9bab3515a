from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.catalogue.lookups import UnknownName
from duban.core.periods import PeriodError
from duban.observations.export import Selection, export_xlsx, selected_observations


def _names(text: str) -> list[str]:
    return [t.strip() for t in text.replace("，", ",").split(",") if t.strip()]


class Command(BaseCommand):
    help = "导出指标数据为长表 xlsx（可原样导回）。Export figures to a long-layout xlsx that imports back unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--indicators", default="", help="指标代码或名称，逗号分隔；不填为全部")
        parser.add_argument("--regions", default="", help="区域代码或名称，逗号分隔；不填为全部")
        parser.add_argument("--periods", default="", help="期间，逗号分隔，如 2024-03,2024年1-2月；年份选全年；不填为全部")
        parser.add_argument("--published-only", action="store_true", help="只导出已发布数据")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        selection = Selection(
            _names(options["indicators"]), _names(options["regions"]), _names(options["periods"]),
            options["published_only"],
        )
        try:
            count = selected_observations(selection).count()
            options["output"].write_bytes(export_xlsx(selection))
        except (UnknownName, PeriodError) as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"已导出 {count} 条数据到 {options['output']}")
