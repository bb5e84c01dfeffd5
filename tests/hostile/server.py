"""One loopback portal with every fault a hostile or broken portal shows, for tests/hostile."""

from __future__ import annotations

import http.server
import threading
import time
import unicodedata
import zlib
from collections import Counter

ARTICLE_ID = 12345  # article slugs end in -<5 digits>: the generic article URL shape
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='{charset}'><title>{title}</title></head><body>"
    "<nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>"
    "<p class='date'>30/11/2021 - 20:07</p><div class='content'>{body}</div></article></body></html>"
)
BODY = "<p>Chiều 30-11, Ban Chỉ đạo chuyển đổi số tỉnh họp phiên thứ nhất về chuyển đổi số.</p>" * 6
FAULTS = [
    "burst-5xx",
    "reset",
    "truncated",
    "huge-50mb",
    "huge-no-length",
    "gzip-bomb",
    "redirect-loop",
    "slow-drip",
    "cp1258",
    "invalid-utf8",
    "giant-attribute",
    "deep-nesting",
    "offsite-redirect",
    "metadata-redirect",
]
MB = 1024 * 1024


def _slug(name: str) -> str:
    return f"/bai/loi-{name}-trang-thu-nghiem-{ARTICLE_ID}.html"


def _article(title: str, body: str = BODY, charset: str = "utf-8") -> bytes:
    html = PAGE.format(title=title, body=body, charset=charset)
    return _to_cp1258(html) if charset == "windows-1258" else html.encode("utf-8")


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese sites write it: letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def _bomb(size: int) -> bytes:
    """gzip of `size` bytes of markup: a few hundred KB on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"<p>" + b"a" * 1021
    out = [packer.compress(chunk * 1024) for _ in range(size // MB)]
    return b"".join(out) + packer.flush()


class HostilePortal(http.server.ThreadingHTTPServer):
    """Faults by path; `requests` counts every request received, by path."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.3.1") -> None:
        super().__init__((host, 0), _Handler)
        self.requests: Counter = Counter()
        self.bomb = _bomb(64 * MB)  # 8 times DOWNLOAD_MAXSIZE once inflated
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests[self.path] += 1
        path = self.path
        try:
            if path == "/robots.txt":  # 5 MB: far above the robots.txt cap
                filler = b"# " + b"x" * 98 + b"\n"
                return self._send(
                    200, filler * (5 * MB // 100) + b"User-agent: *\nAllow: /\n", "text/plain"
                )
            if path == "/loi":  # the faults, one link each
                return self._faults()
            if path.startswith("/tin-tuc"):
                return self._listing(path)
            if path.startswith("/lich/"):
                return self._calendar(path)
            if path.startswith("/bai/trap-"):
                return self._send(200, _article("Tin rác " + path))
            for name in FAULTS:
                if path == _slug(name):
                    return getattr(self, "_" + name.replace("-", "_"))()
            self._send(404, b"<html><body>not found</body></html>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: what it should do on most of these pages

    def _listing(self, path: str) -> None:
        # A pagination trap: every page links the next, with 20 new article links.
        page = int(path.rsplit("=", 1)[1]) if "page=" in path else 1
        links = ""
        links += "".join(
            f"<li><a href='/bai/trap-p{page}-{i}-tin-{ARTICLE_ID + i}.html'>Tin bài thử nghiệm số {i} về chuyển đổi số</a></li>"
            for i in range(20)
        )
        links += "<li><a href='http://example.com/bai/ngoai-mien-bao-chi-thu-nghiem-54321.html'>Bài ở miền khác về chuyển đổi số</a></li>"
        body = f"<html><body><ul>{links}</ul><a rel='next' href='/tin-tuc?page={page + 1}'>Trang sau</a></body></html>"
        self._send(200, body.encode())

    def _faults(self) -> None:
        links = "".join(
            f"<li><a href='{_slug(n)}'>Bài thử nghiệm lỗi {n} về chuyển đổi số</a></li>"
            for n in FAULTS
        )
        links += "<li><a href='http://example.com/bai/ngoai-mien-bao-chi-thu-nghiem-54321.html'>Bài ở miền khác về chuyển đổi số</a></li>"
        self._send(200, f"<html><body><ul>{links}</ul></body></html>".encode())

    def _calendar(self, path: str) -> None:
        # A calendar trap: each day links the previous day, forever, with "articles" per day.
        day = int(path.rstrip("/").rsplit("-", 1)[1]) if path.count("-") else 0
        links = "".join(
            f"<li><a href='/bai/trap-d{day}-{i}-lich-{ARTICLE_ID + i}.html'>Tin bài theo lịch số {i} về chuyển đổi số</a></li>"
            for i in range(20)
        )
        body = f"<html><body><ul>{links}</ul><a rel='next' href='/lich/ngay-{day + 1}'>Ngày trước</a></body></html>"
        self._send(200, body.encode())

    def _burst_5xx(self) -> None:
        if self.server.requests[self.path] <= 2:
            return self._send(503, b"<html><body>Service Unavailable</body></html>")
        self._send(200, _article("Trang sau loạt lỗi 503"))

    def _reset(self) -> None:
        self.connection.shutdown(2)

    def _truncated(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(_article("Cụt")[:300])
        self.wfile.flush()
        self.connection.shutdown(2)

    def _huge_50mb(self) -> None:
        self._stream(50 * MB, length=True)

    def _huge_no_length(self) -> None:
        self._stream(50 * MB, length=False)

    def _stream(self, size: int, *, length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<html><body><article><h1>Huge</h1><div class='content'>")
        chunk = ("<p>" + "chuyển đổi số họp " * 3000 + "</p>").encode()
        sent = 0
        while sent < size:
            self.wfile.write(chunk)
            sent += len(chunk)
        self.close_connection = True

    def _gzip_bomb(self) -> None:
        self._send(200, self.server.bomb, content_encoding="gzip")

    def _redirect_loop(self) -> None:
        self.send_response(302)
        self.send_header(
            "Location", _slug("redirect-loop") + f"?n={self.server.requests[self.path]}"
        )
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        for _ in range(120):  # one byte every half second: a minute per page, unless cut
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.5)

    def _cp1258(self) -> None:
        body = _article("Hội nghị chuyển đổi số tỉnh", charset="windows-1258")
        self._send(200, body, "text/html; charset=windows-1258")

    def _invalid_utf8(self) -> None:
        body = _article("Phiên họp thứ hai về chuyển đổi số").replace(
            b"<p>", b"<p>\xff\xfe\xc3(", 3
        )
        self._send(200, body)

    def _giant_attribute(self) -> None:
        body = f"<p data-x='{'A' * (3 * MB)}'>Phiên họp có thuộc tính khổng lồ.</p>" + BODY
        self._send(200, _article("Thuộc tính khổng lồ", body=body))

    def _deep_nesting(self) -> None:
        body = "<div>" * 100_000 + "<p>Sâu.</p>" + "</div>" * 100_000 + BODY
        self._send(200, _article("Lồng sâu", body=body))

    def _offsite_redirect(self) -> None:
        self._redirect("http://example.com/x.html")

    def _metadata_redirect(self) -> None:
        self._redirect("http://169.254.169.254/latest/meta-data/")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
