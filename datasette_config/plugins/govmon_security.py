"""Serving safely: a readable 403 for the operator-only tables, and response headers that keep
readers' browsers from contacting any host but govmon's (Content-Security-Policy, no referrer)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import datasette
from datasette import hookimpl
from datasette.utils.asgi import Response

FORBIDDEN_TEXT = (
    "This part of govmon holds contact data, secrets or internal state: only a signed-in "
    "operator can read it. Operators sign in at /-/login."
)
# Every page: fetches (images, scripts, styles, fonts, XHR) only from govmon itself, so a
# scraped page, a map's tile layer or a plugin's CDN link cannot make a reader's browser call out.
BASE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "object-src 'none'; "
    "frame-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Datasette's own pages carry inline scripts, and Vega (the charts) compiles expressions with
# Function(): 'unsafe-inline' and 'unsafe-eval' there. The pages govmon builds itself carry no
# inline script: they get the strict policy.
# Datasette's base template has one fixed inline script (it closes open menus): allowed by
# its hash, so the strict pages keep it and nothing else inline runs.


def _inline_script_hashes() -> str:
    path = Path(datasette.__file__).parent / "templates" / "_close_open_menus.html"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", text, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f" 'sha256-{digest}'")
    return "".join(hashes)


STRICT_POLICY = BASE_POLICY.replace(
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'", "script-src 'self'" + _inline_script_hashes()
)


# Canned queries and the search page call Python functions (snippets, folding, query parsing)
# whose cost grows with the words typed; SQLite's time limit cannot interrupt one call. Public
# requests keep the first words only: a 3,000-word `q` used to hold a worker for half a minute.
MAX_PARAM_WORDS = 32
MAX_PARAM_CHARS = 400
# `sql` is for the signed-in operator; `_search` is compiled by govmon_datasette to FTS syntax
# that cutting could break, and runs as pure SQL under the time limit.
UNCAPPED_PARAMS = {"sql", "_search"}


def cap_value(value: str) -> str:
    """The first MAX_PARAM_WORDS words of ``value``, at most MAX_PARAM_CHARS characters."""
    if len(value) <= MAX_PARAM_CHARS and value.count(" ") < MAX_PARAM_WORDS:
        return value
    return " ".join(value.split()[:MAX_PARAM_WORDS])[:MAX_PARAM_CHARS]


def cap_query_string(query_string: bytes) -> bytes:
    """``query_string`` with every parameter but ``UNCAPPED_PARAMS`` capped by :func:`cap_value`."""
    if len(query_string) <= MAX_PARAM_CHARS:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    pairs = [(k, v if k in UNCAPPED_PARAMS else cap_value(v)) for k, v in pairs]
    return urlencode(pairs).encode("latin-1")


def policy_for(path: str, database_names: list[str]) -> str:
    """The Content-Security-Policy for ``path``: strict on search, article and home pages."""
    if path in ("/", "/-/search") or path.startswith("/-/events"):
        return STRICT_POLICY
    for name in database_names:
        prefix = f"/{name}/articles/"
        if path.startswith(prefix) and "/" not in path[len(prefix) :].rstrip("/"):
            return STRICT_POLICY
    return BASE_POLICY


@hookimpl
def forbidden(datasette, request, message):
    path = request.path
    if path.endswith((".json", ".atom", ".csv")):
        kind = "json" if path.endswith(".json") else "text"
        if kind == "json":
            return Response.json(
                {"ok": False, "status": 403, "error": FORBIDDEN_TEXT, "title": "Operator only"},
                status=403,
            )
        return Response.text(FORBIDDEN_TEXT, status=403)

    async def page():
        html = await datasette.render_template(
            "error.html",
            {"title": "Operator only", "error": FORBIDDEN_TEXT, "status": 403},
            request=request,
        )
        return Response.html(html, status=403)

    return page()


@hookimpl
def asgi_wrapper(datasette):
    """Every response's security headers (CSP, Referrer-Policy; X-Robots-Tag in production);
    public parameters capped."""

    def wrap(app):
        async def secure_asgi(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            policy = policy_for(scope.get("path", ""), list(datasette.databases))
            added = [
                (b"content-security-policy", policy.encode("ascii")),
                (b"referrer-policy", b"no-referrer"),
            ]
            if (datasette.plugin_config("govmon") or {}).get("production"):
                scope = {**scope, "query_string": cap_query_string(scope.get("query_string", b""))}
                # robots.txt alone is advisory; the header also covers direct links.
                added.append((b"x-robots-tag", b"noindex, nofollow"))
            names = {name for name, _ in added}

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    headers = [
                        (k, v) for k, v in message.get("headers") or [] if k.lower() not in names
                    ]
                    message = {**message, "headers": headers + added}
                await send(message)

            return await app(scope, receive, send_with_headers)

        return secure_asgi

    return wrap
