"""Every page carries a Content-Security-Policy that allows only duban's own scripts and
styles (ECharts and htmx are served locally): no inline script runs unless the page marked it
with the request's nonce, so injected markup cannot execute."""

import re
from pathlib import Path

import duban

TEMPLATES = sorted(Path(duban.__file__).parent.rglob("templates/**/*.html"))
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_policy_with_self_only_scripts(client, personas):
    client.force_login(personas["shuju"])
    for url in ["/login/", "/cockpit/", "/api/docs", "/admin/"]:
        response = client.get(url)
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"], url


def test_the_entry_grid_runs_no_inline_script(client, personas):
    """Its keyboard and jump checks come from a static file (issue 13): nothing for a nonce to allow."""
    from duban.catalogue.models import Region

    Region.objects.create(code="330784", name="永康市")
    client.force_login(personas["jingxin"])
    page = client.get("/data/entry/{}/2024-03/".format(personas["jingxin"].profile.department.pk)).content.decode()
    assert "observations/entry.js" in page
    assert all("src=" in attributes for attributes in SCRIPT_TAG.findall(page))


def test_no_template_has_inline_handlers_or_unmarked_inline_scripts():
    """onclick=…, javascript: links and <script> without src or nonce would be blocked by the
    policy: use data-* attributes handled in duban/behaviour.js, or a nonce'd script."""
    problems = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if INLINE_HANDLER.search(line) or "javascript:" in line:
                problems.append(f"{path}:{number}: {line.strip()}")
        for match in SCRIPT_TAG.finditer(text):
            attributes = match.group(1)
            if "src=" not in attributes and "nonce=" not in attributes and "application/json" not in attributes:
                line = text[:match.start()].count("\n") + 1
                problems.append(f"{path}:{line}: <script{attributes}> without src or nonce")
    assert problems == []
