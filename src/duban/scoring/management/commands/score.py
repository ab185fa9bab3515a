import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.monitoring.freshness import refreshing_inline
from duban.scoring.services import BadScoreRequest, as_document, find_scheme, parse_scheme_period, score_scheme
from duban.scoring.text import score_table


class Command(BaseCommand):
    help = "一个考核方案一个期间的综合得分与排名（并列同名次：1、2、2、4）"

    def add_arguments(self, parser):
        parser.add_argument("--scheme", required=True, help="考核方案代码")
        parser.add_argument("--period", required=True, help="期间，如 2024-12 或 2024Q4")
        parser.add_argument("--as-of", help="按此日期判断是否逾期未报（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        as_of = options["as_of"] and timezone.datetime.fromisoformat(options["as_of"]).date() or timezone.localdate()
        try:
            scheme = find_scheme(options["scheme"])
            with refreshing_inline():  # the command line may recompute a stale period at once
                sheet = score_scheme(scheme, parse_scheme_period(scheme, options["period"]), as_of=as_of)
        except BadScoreRequest as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(as_document(sheet), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(score_table(sheet))
