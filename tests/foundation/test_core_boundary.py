import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "duban" / "core"


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=CORE.parents[2])
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_reads_the_clock():
    """as_of is always passed in: no date.today(), datetime.now() or time.time() in the core."""
    offenders = []
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "utcnow", "time"}:
                if isinstance(node.value, ast.Name) and node.value.id in {"date", "datetime", "time"}:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
