"""Load: ``duban serve`` on loopback under 50 concurrent clients (wrk), for the status API and
the cockpit, beside the same server's /healthz (the server's ceiling on this machine, now).

Data: the demo (90 counties of Zhejiang, 30 indicators, two years monthly: a province's
counties). Uses DATABASE_URL when set (a database of its own: it is reset), else a throw-away
SQLite file. Bounded: each target runs BENCH_LOAD_SECONDS (15) with BENCH_LOAD_CLIENTS (50)
connections on 2 wrk threads, nothing leaves 127.0.0.1. Needs wrk (scripts/system-deps).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.report import machine, replace_section

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 15))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", 50))
THREADS = int(os.environ.get("BENCH_LOAD_SERVER_THREADS", 16))
TARGET_RPS = 300
PERIOD = "2024-06"
LUA = """
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") or nil
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or nil
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, '
    .. '"p50": %.2f, "p95": %.2f, "p99": %.2f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def _duban(env, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "duban.cli", *args], env=env, check=True,
                          capture_output=True, text=True, **kwargs)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session_cookie(base: str) -> str:
    """Log in as the leader through the login page, as a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "wangming", "password": "duban-demo",
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"}))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wrk(url: str, script: Path, **headers) -> dict:
    env = dict(os.environ, **headers)
    done = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", str(script), url],
                          env=env, capture_output=True, text=True, check=True, timeout=SECONDS + 60)
    result = json.loads(done.stdout.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run scripts/system-deps")
    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="duban-load-"))
    env = dict(os.environ, DUBAN_DATA_DIR=str(folder), DUBAN_LOG_LEVEL="ERROR")
    if env.get("DATABASE_URL"):
        _duban(env, "flush", "--no-input")
    _duban(env, "init")
    _duban(env, "demo", "--no-serve")
    key = _duban(env, "token", "issue", "wangming", "--name", "load benchmark", "--days", "1").stdout.strip()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--threads", str(THREADS)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    script = folder / "report.lua"
    script.write_text(LUA)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        cookie = _session_cookie(base)
        status_url = f"{base}/api/monitoring/status?region=330784&period={PERIOD}"
        cockpit_url = f"{base}/cockpit/?period={PERIOD}"
        # Warm-up, not timed: the engine's results for the period are computed on first use.
        urllib.request.urlopen(urllib.request.Request(status_url, headers={"Authorization": f"Bearer {key}"}))
        urllib.request.urlopen(urllib.request.Request(cockpit_url, headers={"Cookie": cookie}))
        results = {
            "baseline: /healthz": _wrk(f"{base}/healthz", script),
            "status API": _wrk(status_url, script, BENCH_AUTH=f"Bearer {key}"),
            "cockpit": _wrk(cockpit_url, script, BENCH_COOKIE=cookie),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    for name, r in results.items():
        print(f"load {name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms")
    replace_section("Load", _section(results, "PostgreSQL" if env.get("DATABASE_URL") else "SQLite", load_before))


def _section(results: dict, database: str, load_before: tuple[float, float, float]) -> str:
    baseline = results["baseline: /healthz"]["rps"]
    lines = [
        "`python -m benchmarks.run load` (also run by `make bench`): `duban serve` (waitress, "
        f"{THREADS} threads) on 127.0.0.1, {CLIENTS} concurrent connections from wrk (2 threads) for "
        f"{SECONDS} s per target, demo data (90 counties × 30 indicators × 2 years), {database}. The status "
        f"API is `GET /api/monitoring/status?region=330784&period={PERIOD}` with a bearer token; the cockpit "
        f"is `GET /cockpit/?period={PERIOD}` logged in as the leader. The baseline is the same server "
        "answering `/healthz` (one `SELECT 1`): the ceiling of the server on this machine at that moment. "
        "On a machine shared with other work (load average above 2 before the run) every figure is low; "
        "the ratios to the baseline travel better than the absolute numbers.",
        "",
        f"**Machine**: {machine()} (at the end; {', '.join(f'{x:.1f}' for x in load_before)} when the run "
        "started). wrk and the server share the 2 cores.",
        "",
        "| target | requests | req/s | p50 | p95 | p99 | errors | ÷ baseline | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        goal = f"≥ {TARGET_RPS} req/s: {'met' if r['rps'] >= TARGET_RPS else 'not met'}" if name == "status API" else ""
        lines.append(f"| {name} | {r['requests']:,} | {r['rps']:,.0f} | {r['p50']:.1f} ms | {r['p95']:.1f} ms | "
                     f"{r['p99']:.1f} ms | {r['errors'] + r['non2xx']} | {r['rps'] / baseline:.2f} | {goal} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
