import getpass

from django.core.management.base import BaseCommand, CommandError

from duban.catalogue.lookups import UnknownName, resolve
from duban.catalogue.models import Indicator, Region
from duban.core.periods import PeriodError
from duban.core.period_text import parse_period
from duban.observations.models import Basis, Observation
from duban.observations.workflow import WorkflowError, remove_figure


class Command(BaseCommand):
    help = ("删除一项数据（或其数值、增速），原因记入修改记录；导入文件中的空白单元格从不删除数据。"
            "Remove a figure (or its value or growth) with a reason kept in the ledger.")

    def add_arguments(self, parser):
        parser.add_argument("--indicator", required=True, help="指标代码或名称")
        parser.add_argument("--region", required=True, help="区域代码、名称或别名")
        parser.add_argument("--period", required=True, help="期间，如 2024-03 或 2024年1-3月")
        parser.add_argument("--basis", choices=list(Basis.values), help="口径（period 当期 / ytd 累计）；期间写作累计时可省略")
        parser.add_argument("--only", choices=["value", "yoy_pct"], help="只删除数值或只删除增速；不填删除整条数据")
        parser.add_argument("--reason", required=True, help="删除原因（记入修改记录）")

    def handle(self, *args, **options):
        try:
            indicator, region = resolve(Indicator, options["indicator"]), resolve(Region, options["region"])
            ref = parse_period(options["period"])
        except (UnknownName, PeriodError) as error:
            raise CommandError(str(error), returncode=1) from None
        basis = options["basis"] or ref.basis or (Basis.YTD if indicator.kind == "flow" else Basis.PERIOD)
        row = Observation.objects.filter(indicator=indicator, region=region, period=ref.period.code, basis=basis).first()
        if row is None:
            raise CommandError(f"没有这项数据：{indicator.name} {region.name} {ref.period.code}（{basis}）", returncode=1)
        fields = (options["only"],) if options["only"] else ("value", "yoy_pct")
        try:
            after = remove_figure(None, row, reason=options["reason"], fields=fields, actor=f"cli:{getpass.getuser()}")
        except WorkflowError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"已删除 {row}（{basis}）" if after is None else f"已删除 {row} 的{'数值' if options['only'] == 'value' else '增速'}")
