import json

from django.core.management.base import BaseCommand, CommandError

from duban.arguments import add_as_of, add_period, as_of_of, period_of
from duban.monitoring.freshness import refreshing_inline
from duban.monitoring.documents import BadRequest, status_request
from duban.monitoring.text import status_table


class Command(BaseCommand):
    help = "一个区域一个期间的全部指标：数值、累计、同比、完成率、序时进度、位次和预警"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码或名称，如 330784 或 永康市")
        add_period(parser, help="期间，如 2024-06、2024年1-6月、2024年3月中旬")
        add_as_of(parser, help="按此日期判断是否逾期未报（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        as_of, period = as_of_of(options), period_of(options)
        with refreshing_inline():  # the command line may recompute a stale period at once
            try:
                document = status_request(options["region"], period.code, as_of=as_of)
            except BadRequest as error:
                raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(status_table(document))
