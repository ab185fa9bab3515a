from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.bulletins import services
from duban.bulletins.models import Kind
from duban.bulletins.render import FontMissing, PdfEngineMissing, UnknownFormat
from duban.catalogue.models import Region
from duban.monitoring.documents import BadRequest, lookup, parse
from duban.supervision.management.commands.tick import parse_as_of

KINDS = [str(k) for k in services.ON_REQUEST]


class Command(BaseCommand):
    help = "生成通报（Word、Excel、PDF 或 HTML）。Write a bulletin for a region and period."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区域：代码、名称或简称")
        parser.add_argument("--period", required=True, help="统计期间，如 2024-03、2024年1-3月、2024Q1")
        parser.add_argument("--format", dest="fmt", help="docx、xlsx、pdf 或 html（默认取输出文件的扩展名）")
        parser.add_argument("-o", "--output", required=True, help="输出文件")
        parser.add_argument("--kind", default=Kind.BULLETIN, choices=KINDS,
                            help="bulletin 通报（默认）、monthly 月调度、quarterly 季晒拼、review 季度复盘")
        parser.add_argument("--as-of", help="业务日期 YYYY-MM-DD（默认今天）：决定预警、逾期和督办的截止日")

    def handle(self, *args, region, period, fmt, output, kind, as_of, **options):
        path = Path(output)
        fmt = fmt or path.suffix.lstrip(".").lower()
        try:
            services.check_format(fmt)
            services.check_writable(path)
            place = lookup(Region, region)
            when = parse(period)
            content = services.build(kind, place, when, as_of=parse_as_of(as_of))
            size = services.write(content, fmt, path)
        except (UnknownFormat, BadRequest, FontMissing, PdfEngineMissing, services.CannotWrite) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已写入 {path}（{content['title']}，{size // 1024} KB）")
