"""One loopback HTTP(S) server for every test that needs a web server, with faults on demand.

``routes[path] = (status, headers, body)`` (body str or bytes); a 200 carries an ETag of its
body and answers If-None-Match with a 304, as portals do; every request path is logged.
``handlers[prefix] = fn`` answers every path starting with ``prefix`` (the longest prefix wins)
with ``fn(request)``, for pages made per request (traps, streams, redirects): ``request`` is the
request handler (``request.path``, ``request.send(...)``, ``request.wfile``...).
``faults[path]`` breaks one path: "reset" (connection closed before any answer), "truncated"
(a Content-Length longer than the body), "slow" (headers then nothing for ``slow_seconds``),
or an HTTP status (500, 503...). ``fault`` breaks every path the same way.
A POST is recorded in ``posts`` (path, headers, raw body, JSON) and answered 200, unless a
fault on its path answers instead (then it is not recorded: the sender must retry).
"""

from __future__ import annotations

import hashlib
import http.server
import json
import ssl
import threading
import time
from collections.abc import Callable
from urllib.parse import unquote

NOT_FOUND = (404, {}, "<html><body>not found</body></html>")


class LoopbackPortal(http.server.ThreadingHTTPServer):
    """A tiny portal on a loopback address (``host``, ``port`` 0 for any free one), HTTPS when
    given a server ``tls`` context."""

    daemon_threads = True

    def __init__(
        self, host: str = "127.0.0.1", *, port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, tuple[int, dict, str | bytes]] = {}
        self.handlers: dict[str, Callable[[_Handler], None]] = {}
        self.faults: dict[str, str | int] = {}
        self.fault: str | int | None = None
        self.slow_seconds = 30.0
        self.log: list[str] = []
        self.posts: list[dict] = []
        self.scheme = "https" if tls else "http"
        super().__init__((host, port), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def hits(self, path: str) -> int:
        return sum(1 for p in self.log if p == path)

    def handler_for(self, path: str) -> Callable[[_Handler], None] | None:
        prefixes = [p for p in self.handlers if path.startswith(p)]
        return self.handlers[max(prefixes, key=len)] if prefixes else None

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> LoopbackPortal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(http.server.BaseHTTPRequestHandler):
    server: LoopbackPortal

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers):
        """One whole answer; ``content_encoding="gzip"`` sends Content-Encoding: gzip."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-").title(), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up: what a crawler should do on many broken pages

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        portal = self.server
        path = unquote(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fault = portal.faults.get(path, portal.fault)
        if fault is not None and self._fault(fault):
            return
        portal.posts.append(
            {"path": path, "headers": dict(self.headers), "body": body, "json": _json(body)}
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _get(self) -> None:
        portal = self.server
        path = unquote(self.path)
        portal.log.append(path)
        fault = portal.faults.get(path, portal.fault)
        if fault is not None and self._fault(fault):
            return
        if path not in portal.routes and (handler := portal.handler_for(path)):
            handler(self)
            return
        status, headers, body = portal.routes.get(path, NOT_FOUND)
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        etag = '"' + hashlib.md5(data).hexdigest() + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        if status == 200:
            self.send_header("ETag", etag)
        for key, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _fault(self, fault: str | int) -> bool:
        """Answer with the fault; False when it only delays the normal answer."""
        if isinstance(fault, int):
            self.send(fault, f"<html><body><h1>HTTP Error {fault}</h1></body></html>".encode())
            return True
        if fault == "reset":
            self.close_connection = True
            self.connection.close()
            return True
        if fault == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>cut")
            self.close_connection = True
            return True
        if fault == "slow":
            time.sleep(self.server.slow_seconds)
            return False
        raise ValueError(f"unknown fault {fault!r}")


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return None
