"""Serve generated portals over loopback HTTP: each site on its own 127.x.y.z host and a free port."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit

from replica.generator.model import Resource, Site
from replica.generator.urls import BASE, request_key, strip_session

TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00d2cf20ffd9"
)
NOT_FOUND = b"<!DOCTYPE html><html><head><title>404</title></head><body><h1>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</h1></body></html>"


def site_host(seed: int) -> str:
    """The loopback address of a seed's site (Linux answers on all of 127.0.0.0/8)."""
    return f"127.61.{seed // 250 % 250}.{seed % 250 + 2}"


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, site: Site) -> None:
        self.site = site
        self.by_key = {request_key(p): r for p, r in site.resources.items()}
        super().__init__((host, 0), _Handler)
        self.base = f"http://{host}:{self.server_address[1]}"

    def find(self, target: str) -> Resource | None:
        res = self.site.resources.get(target)
        for candidate in (target, strip_session(target)):
            if res is None:
                res = self.site.resources.get(candidate) or self.by_key.get(request_key(candidate))
        if res is None and urlsplit(target).path.startswith("/uploads/"):
            ctype = "application/pdf" if target.endswith(".pdf") else "image/jpeg"
            res = Resource(
                ctype,
                b"%PDF-1.4\n%%EOF\n" if ctype == "application/pdf" else TINY_JPEG,
                kind="image",
            )
        return res


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "Microsoft-IIS/8.5"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(False)

    def do_POST(self) -> None:  # noqa: N802 (a postback gets page 1 again, as a lost session would)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._serve(True)

    def _serve(self, send_body: bool) -> None:
        res = self.server.find(self.path)
        if res is None:
            status, ctype, body = 404, "text/html; charset=utf-8", NOT_FOUND
        else:
            status, ctype = res.status, res.content_type
            body = res.body.replace(BASE.encode(), self.server.base.encode())
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class SiteServers:
    """Running servers for some sites; `base_urls[seed]` is each one's http://host:port."""

    def __init__(self, sites: Iterable[Site]) -> None:
        self._servers: dict[int, _SiteServer] = {}
        try:
            for site in sites:
                self._servers[site.seed] = _SiteServer(site_host(site.seed), site)
        except OSError:
            self.stop()
            raise
        self.base_urls = {seed: srv.base for seed, srv in self._servers.items()}
        self._threads = [
            threading.Thread(target=s.serve_forever, args=(0.1,), daemon=True)
            for s in self._servers.values()
        ]
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        for srv in self._servers.values():
            if self._threads:
                srv.shutdown()
            srv.server_close()
        self._servers = {}
        self._threads = []

    def __enter__(self) -> SiteServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_sites(sites: Iterable[Site]) -> SiteServers:
    """Start serving `sites` (use as a context manager, or call .stop())."""
    return SiteServers(sites)
