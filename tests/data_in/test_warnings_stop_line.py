"""An import stopped by warnings not accepted says warnings (警告), not errors: the figures are
to be looked at, the file need not be fixed. In Chinese and in English."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from duban.catalogue.models import Indicator, Region
from duban.core.periods import Period
from duban.observations.figures import ObservationInput
from duban.observations.models import Observation
from duban.observations.writing import write_figures


@pytest.fixture
def last_year(catalogue):
    """永康 had 100 in 2023年1-2月: 150 now is +50 %, not the 8.1 % a file says (a warning)."""
    write_figures([ObservationInput(Indicator.objects.get(code="gyzjz"), Region.objects.get(code="330784"),
                                    Period.parse("2023-02"), "ytd", Decimal(100))],
                  status="published", source="test", actor="test")


def _stopped(path, *args) -> str:
    with pytest.raises(CommandError) as stopped:
        call_command("import", str(path), "--kind", "observations", *args)
    return str(stopped.value)


def _write(tmp_path, lines: str):
    path = tmp_path / "figures.csv"
    path.write_text("indicator,region,period,basis,value,yoy_pct\n" + lines, encoding="utf-8")
    return path


def test_warnings_not_accepted_are_called_warnings(last_year, tmp_path, capsys):
    path = _write(tmp_path, "gyzjz,330784,2024-02,ytd,150,8.1\n")
    line = _stopped(path)
    assert line.startswith("1 条警告，未写入任何数据") and "--accept-warnings" in line and "错误" not in line
    with translation.override("en"):
        line = _stopped(path)
    assert line.startswith("1 warning; nothing was written") and "--accept-warnings" in line and "error" not in line
    assert not Observation.objects.filter(period="2024-02").exists()


def test_errors_beside_warnings_are_counted_apart(last_year, tmp_path, capsys):
    path = _write(tmp_path, "gyzjz,330784,2024-02,ytd,150,8.1\ngxjsqys,330782,2024-02,period,9999,\n")
    assert _stopped(path).startswith("1 处错误、1 条警告，未写入任何数据")
    with translation.override("en"):
        assert _stopped(path).startswith("Errors: 1, warnings: 1; nothing was written")


def test_errors_alone_are_errors(catalogue, tmp_path, capsys):
    path = _write(tmp_path, "gyzjz,330784,2024-02,ytd,abc,8.1\ngyzjz,330782,2024-02,ytd,xyz,8.1\n")
    assert _stopped(path).startswith("2 处错误，未写入任何数据")
    with translation.override("en"):
        assert _stopped(path).startswith("2 errors; nothing was written")


def test_warnings_left_unlisted_are_counted_as_warnings(catalogue, tmp_path, capsys, monkeypatch):
    from duban.imports.tabular import ProblemList

    monkeypatch.setattr(ProblemList, "LIMIT", 1)
    county, output = Region.objects.get(code="330784"), Indicator.objects.get(code="gyzjz")
    write_figures([ObservationInput(output, county, Period.parse(f"2023-0{m}"), "ytd", Decimal(100)) for m in (2, 3, 4)],
                  status="published", source="test", actor="test")
    path = _write(tmp_path, "".join(f"gyzjz,330784,2024-0{m},ytd,150,8.1\n" for m in (2, 3, 4)))
    assert _stopped(path).startswith("3 条警告")
    assert "……另有 2 条警告未列出（只列出前 1 条）" in capsys.readouterr().err
