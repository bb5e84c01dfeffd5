"""The replica's HTTP side: one threaded server per portal host, all on one port; requests go to
the `Replica`, which answers them (pages, faults, the control endpoint)."""

from __future__ import annotations

import errno
import http.server
import json
from typing import TYPE_CHECKING

from replica.render.payloads import Page

if TYPE_CHECKING:
    from replica.server import Replica

# The control endpoint on every host (never linked from a page): POST <prefix><mutation> with
# the keyword arguments as a JSON object; GET <prefix>truth for the ground truth as served.
ADMIN_PREFIX = "/__replica__/"


class _PortalServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], replica: Replica, portal_id: str) -> None:
        self.replica = replica
        self.portal_id = portal_id
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _PortalServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "Microsoft-IIS/10.0"  # what many government portals answer with

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        if not self.path.startswith(ADMIN_PREFIX):
            self._serve(send_body=True)
            return
        length = int(self.headers.get("Content-Length") or 0)
        status, body = self.server.replica.admin(
            self.path[len(ADMIN_PREFIX) :], self.rfile.read(length)
        )
        self._send_json(status, body)

    def _send_json(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False, default=str).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet: the request log has it
        pass

    def _serve(self, send_body: bool) -> None:
        rep, pid = self.server.replica, self.server.portal_id
        if self.path == ADMIN_PREFIX + "truth" and self.command == "GET":
            self._send_json(200, rep.truth())
            return
        try:
            page = rep.respond(pid, self.path, dict(self.headers.items()))
        except Exception as exc:  # a renderer bug must not kill the thread silently
            page = Page(500, "text/plain; charset=utf-8", f"replica error: {exc!r}\n".encode())
        rep._log(pid, self.command, self.path, page.status, dict(self.headers.items()))
        self.send_response(page.status)
        for k, v in page.headers.items():
            self.send_header(k, v)
        if page.status != 304:
            self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", "0" if page.status == 304 else str(len(page.body)))
        self.end_headers()
        if send_body and page.status != 304:
            self.wfile.write(page.body)


def bind_all(hosts: list[str], port: int, replica: Replica, ids: list[str]) -> list[_PortalServer]:
    """Servers for every host at one port; with port 0, retry until one port is free on all."""
    for _attempt in range(50):
        servers: list[_PortalServer] = []
        chosen = port
        try:
            for host, pid in zip(hosts, ids, strict=True):
                srv = _PortalServer((host, chosen), replica, pid)
                servers.append(srv)
                chosen = srv.server_address[1]
            return servers
        except OSError as exc:
            for srv in servers:
                srv.server_close()
            if port != 0 or exc.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, "no port free on every replica host")
