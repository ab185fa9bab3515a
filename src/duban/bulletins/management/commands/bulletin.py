from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.arguments import add_as_of, add_period, as_of_of, period_of
from duban.bulletins import services
from duban.bulletins.models import Kind
from duban.bulletins.render import FontMissing, PdfEngineMissing, UnknownFormat
from duban.catalogue.models import Region
from duban.monitoring.documents import BadRequest, lookup
from duban.monitoring.freshness import refreshing_inline

KINDS = [str(k) for k in services.ON_REQUEST]


class Command(BaseCommand):
    help = "生成通报（Word、Excel、PDF 或 HTML）。Write a bulletin for a region and period."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区域：代码、名称或简称")
        add_period(parser)
        parser.add_argument("--format", dest="fmt", help="docx、xlsx、pdf 或 html（默认取输出文件的扩展名）")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--kind", default=Kind.BULLETIN, choices=KINDS,
                            help="bulletin 通报（默认）、monthly 月调度、quarterly 季晒拼、review 季度复盘")
        add_as_of(parser, help="业务日期 YYYY-MM-DD：决定预警、逾期和督办的截止日（默认今天；"
                               "已过去的期间默认为其次月月末，即通报本应印发之时）")

    def handle(self, *args, region, fmt, output, kind, **options):
        when = period_of(options)
        as_of = as_of_of(options) if options.get("as_of") else services.default_as_of(when, timezone.localdate())
        path = Path(output)
        fmt = fmt or path.suffix.lstrip(".").lower()
        try:
            services.check_format(fmt)
            services.check_writable(path)
            place = lookup(Region, region)
            with refreshing_inline():  # the command line may recompute a stale period at once
                content = services.build(kind, place, when, as_of=as_of)
            size = services.write(content, fmt, path)
        except (UnknownFormat, BadRequest, FontMissing, PdfEngineMissing, services.CannotWrite) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已写入 {path}（{content['title']}，{size // 1024} KB）")
