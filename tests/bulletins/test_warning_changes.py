"""The tick writes down each indicator's level when it changes and tells the owners of one that
turned red or pending (its department's reporters, its leader), once."""

from datetime import date

from duban.bulletins.models import WarningChange
from duban.bulletins.warnings_watch import watch
from duban.notifications.models import Notification


def warned():
    return Notification.objects.filter(message_id__startswith="warn-")


def test_red_reaches_the_owners_once(county, people):
    first = watch(date(2024, 4, 20))
    assert [(c.indicator.code, c.level, c.period) for c in first] == [("ckze", "red", "2024-03")]
    assert WarningChange.objects.get(indicator__code="gyzjz").level == "green"
    assert set(warned().values_list("recipient", flat=True)) == {"shangwu@example.test"}  # 商务局's reporter
    assert warned().get().subject == "【红灯】出口总额（2024-03）"

    assert watch(date(2024, 4, 20)) == [] and watch(date(2024, 4, 21)) == []  # nothing changed since
    assert warned().count() == 1


def test_an_unreported_month_turns_pending_after_its_deadline(county, people):
    watch(date(2024, 4, 20))
    changed = watch(date(2024, 5, 16))  # April's figures were due 15 days after the month
    assert {(c.indicator.code, c.level, c.period) for c in changed} == {("gyzjz", "pending", "2024-04"),
                                                                      ("ckze", "pending", "2024-04")}
    gyzjz = warned().filter(subject="【待报】规上工业增加值（2024-04）")
    assert set(gyzjz.values_list("recipient", flat=True)) == {"jingxin@example.test", "wangming@example.test"}
