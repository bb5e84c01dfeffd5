"""One loopback HTTP(S) portal for every test that needs a web server, with faults on demand.

``routes[path] = (status, headers, body)`` (body str or bytes); a 200 carries an ETag of its
body and answers If-None-Match with a 304, as portals do; every request path is logged.
``faults[path]`` breaks one path: "reset" (connection closed before any answer), "truncated"
(a Content-Length longer than the body), "slow" (headers then nothing for ``slow_seconds``),
or an HTTP status (500, 503...). ``fault`` breaks every path the same way.
"""

from __future__ import annotations

import hashlib
import http.server
import ssl
import threading
import time
from urllib.parse import unquote

NOT_FOUND = (404, {}, "<html><body>not found</body></html>")


class LoopbackPortal(http.server.ThreadingHTTPServer):
    """A tiny portal on a loopback address (``host``), HTTPS when given a server ``tls`` context."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", *, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, tuple[int, dict, str | bytes]] = {}
        self.faults: dict[str, str | int] = {}
        self.fault: str | int | None = None
        self.slow_seconds = 30.0
        self.log: list[str] = []
        self.scheme = "https" if tls else "http"
        super().__init__((host, 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def hits(self, path: str) -> int:
        return sum(1 for p in self.log if p == path)

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

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        portal = self.server
        path = unquote(self.path)
        portal.log.append(path)
        fault = portal.faults.get(path, portal.fault)
        if fault is not None and self._fault(fault):
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
            data = f"<html><body><h1>HTTP Error {fault}</h1></body></html>".encode()
            self.send_response(fault)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
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
