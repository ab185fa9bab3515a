"""Screenshots of every page each login reaches from the navigation (see scripts/screenshots)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path("docs/screenshots")
DEMO_LOGINS = ["admin", "shuju", "ducha", "jingxin", "shangwu", "wangming"]
NORMAL = {"width": 1440, "height": 900}
WALL = {"width": 1920, "height": 1080}
LAUNCH = {"executable_path": "/usr/bin/chromium", "args": ["--no-sandbox", "--disable-gpu"]}


def slug(url: str) -> str:
    """/cockpit/board/?group=jinhua9&period=2024-12 → cockpit-board-jinhua9; / → home.

    The period is left out so a page keeps its file name when the data move on."""
    parts = urlsplit(url)
    words = [w for w in parts.path.split("/") if w] + [v for k, v in parse_qsl(parts.query) if k != "period"]
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(words)).strip("-") or "home"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve() -> tuple[str, subprocess.Popen]:
    port = free_port()
    server = subprocess.Popen([".venv/bin/duban", "serve", "--port", str(port), "--no-background"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return base, server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"duban serve did not answer on {base}")


def save(page, name: str, label: str) -> None:
    """A 256-colour PNG: a third of the bytes, and pages of flat colours look the same."""
    file = OUT / f"{name}.png"
    page.screenshot(path=str(file))
    Image.open(file).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(file, optimize=True)
    print(f"{file}  {label}")


def shoot(page, base: str, path: str, prefix: str, shot: set[str], name: str | None = None) -> None:
    """Take ``path`` as ``<prefix>-<name>``, named after where it landed (/ lands on /cockpit/)."""
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if page.url in shot:  # a redirect to a page already taken (/ → /cockpit/)
        return
    shot.add(page.url)
    page.wait_for_timeout(300)  # charts draw after load
    save(page, f"{prefix}-{name or slug(page.url)}", path)


def capture(base: str, login: str, password: str) -> list[str]:
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        context = browser.new_context(viewport=NORMAL)
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", password)
        page.click("form.login [type=submit], form.login button")
        page.wait_for_load_state("networkidle")
        if "/login/" in page.url:
            sys.exit(f"{login}: login failed")
        links = ["/"] + page.eval_on_selector_all(
            "header.topbar nav a", "links => links.map(a => a.getAttribute('href'))")
        if "/cockpit/" in links:
            page.goto(f"{base}/cockpit/board/")
            links.remove("/cockpit/board/")  # the tabs below name each group's board
            links += page.eval_on_selector_all(".group-tabs a", "as => as.map(a => '/cockpit/board/' + a.getAttribute('href'))")
            page.goto(f"{base}/cockpit/")
            first = page.eval_on_selector(".warn-list a, table.status-table a", "a => a.getAttribute('href')")
            links.append(first)
        seen = []
        for link in links:
            if link and link.startswith("/") and link not in seen and not link.startswith("/admin/"):
                seen.append(link)
        shot: set[str] = set()
        for link in seen:
            shoot(page, base, link, login, shot)
        if "/cockpit/" in seen:
            page.set_viewport_size(WALL)
            shoot(page, base, "/cockpit/", login, set(), "cockpit-1920")
            shoot(page, base, "/cockpit/?projector=1", login, set(), "cockpit-projector-1")
            page.click(".pager [data-goto='2']")
            page.wait_for_timeout(300)
            save(page, f"{login}-cockpit-projector-2", "/cockpit/?projector=1 (位次)")
        browser.close()
    return errors


def main(logins: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    password = os.environ.get("DUBAN_SCREENSHOT_PASSWORD", "duban-demo")
    base, server = (os.environ["DUBAN_URL"].rstrip("/"), None) if os.environ.get("DUBAN_URL") else serve()
    try:
        errors = [e for login in (logins or DEMO_LOGINS) for e in capture(base, login, password)]
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    for error in errors:
        print(f"console error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
