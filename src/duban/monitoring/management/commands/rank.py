import json

from django.core.management.base import BaseCommand, CommandError

from duban.arguments import add_as_of, add_period, as_of_of, period_of
from duban.monitoring.freshness import refreshing_inline
from duban.monitoring.documents import BadRequest, rank_request
from duban.monitoring.text import rank_table


class Command(BaseCommand):
    help = "一个指标一个期间在一个比较组内的排名（并列同名次，下一名次顺延：1、2、2、4）"

    def add_arguments(self, parser):
        parser.add_argument("--indicator", required=True, help="指标代码或名称")
        add_period(parser, help="期间，如 2024-06 或 2024年1-6月")
        parser.add_argument("--group", required=True, help="比较组代码或名称，如 jinhua9 或 金华9县市区")
        add_as_of(parser, help="按此日期判断是否逾期未报（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        as_of = as_of_of(options)
        period_of(options)  # a period that cannot be read is named as --period's error
        with refreshing_inline():  # the command line may recompute a stale period at once
            try:
                document = rank_request(  # the text itself: 2024年1-3月 of a quarterly indicator is its Q1
                    options["indicator"], options["period"], options["group"], as_of=as_of)
            except BadRequest as error:
                raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(rank_table(document))
