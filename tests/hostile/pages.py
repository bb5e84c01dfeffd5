"""Every fault a hostile or broken portal shows, for tests/hostile: pages and handlers set on
the shared loopback portal (tests/support/portal.py)."""

from __future__ import annotations

import time
import unicodedata
import zlib

from tests.support.portal import LoopbackPortal

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


def hostile_portal(host: str = "127.0.3.1") -> LoopbackPortal:
    """The shared loopback portal serving every fault by path; its ``log`` has every request."""
    portal = LoopbackPortal(host)
    filler = b"# " + b"x" * 98 + b"\n"  # robots.txt of 5 MB: far above the robots.txt cap
    robots = filler * (5 * MB // 100) + b"User-agent: *\nAllow: /\n"
    portal.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots)
    portal.routes["/loi"] = (200, {}, _faults_page())  # the faults, one link each
    portal.handlers["/tin-tuc"] = _listing
    portal.handlers["/lich/"] = _calendar
    portal.handlers["/bai/trap-"] = lambda request: request.send(
        200, _article("Tin rác " + request.path)
    )
    bomb = _bomb(64 * MB)  # 8 times DOWNLOAD_MAXSIZE once inflated
    pages = {
        "burst-5xx": _burst_5xx,
        "reset": _reset,
        "truncated": _truncated,
        "huge-50mb": lambda request: _stream(request, 50 * MB, length=True),
        "huge-no-length": lambda request: _stream(request, 50 * MB, length=False),
        "gzip-bomb": lambda request: request.send(200, bomb, content_encoding="gzip"),
        "redirect-loop": _redirect_loop,
        "slow-drip": _slow_drip,
        "cp1258": lambda request: request.send(
            200,
            _article("Hội nghị chuyển đổi số tỉnh", charset="windows-1258"),
            "text/html; charset=windows-1258",
        ),
        "invalid-utf8": lambda request: request.send(
            200,
            _article("Phiên họp thứ hai về chuyển đổi số").replace(b"<p>", b"<p>\xff\xfe\xc3(", 3),
        ),
        "giant-attribute": lambda request: request.send(
            200,
            _article(
                "Thuộc tính khổng lồ",
                body=f"<p data-x='{'A' * (3 * MB)}'>Phiên họp có thuộc tính khổng lồ.</p>" + BODY,
            ),
        ),
        "deep-nesting": lambda request: request.send(
            200,
            _article(
                "Lồng sâu", body="<div>" * 100_000 + "<p>Sâu.</p>" + "</div>" * 100_000 + BODY
            ),
        ),
        "offsite-redirect": lambda request: _redirect(request, "http://example.com/x.html"),
        "metadata-redirect": lambda request: _redirect(
            request, "http://169.254.169.254/latest/meta-data/"
        ),
    }
    assert list(pages) == FAULTS
    by_path = {_slug(name): page for name, page in pages.items()}
    # A fault page answers its own path only (the redirect loop's "?n=" targets are not found).
    portal.handlers["/bai/loi-"] = lambda request: by_path.get(request.path, _not_found)(request)
    return portal


def _not_found(request) -> None:
    request.send(404, b"<html><body>not found</body></html>")


OFFSITE = (
    "<li><a href='http://example.com/bai/ngoai-mien-bao-chi-thu-nghiem-54321.html'>"
    "Bài ở miền khác về chuyển đổi số</a></li>"
)


def _faults_page() -> str:
    links = "".join(
        f"<li><a href='{_slug(n)}'>Bài thử nghiệm lỗi {n} về chuyển đổi số</a></li>" for n in FAULTS
    )
    return f"<html><body><ul>{links}{OFFSITE}</ul></body></html>"


def _listing(request) -> None:
    # A pagination trap: every page links the next, with 20 new article links.
    path = request.path
    page = int(path.rsplit("=", 1)[1]) if "page=" in path else 1
    links = "".join(
        f"<li><a href='/bai/trap-p{page}-{i}-tin-{ARTICLE_ID + i}.html'>Tin bài thử nghiệm số {i} về chuyển đổi số</a></li>"
        for i in range(20)
    )
    body = f"<html><body><ul>{links}{OFFSITE}</ul><a rel='next' href='/tin-tuc?page={page + 1}'>Trang sau</a></body></html>"
    request.send(200, body.encode())


def _calendar(request) -> None:
    # A calendar trap: each day links the previous day, forever, with "articles" per day.
    path = request.path
    day = int(path.rstrip("/").rsplit("-", 1)[1]) if path.count("-") else 0
    links = "".join(
        f"<li><a href='/bai/trap-d{day}-{i}-lich-{ARTICLE_ID + i}.html'>Tin bài theo lịch số {i} về chuyển đổi số</a></li>"
        for i in range(20)
    )
    body = f"<html><body><ul>{links}</ul><a rel='next' href='/lich/ngay-{day + 1}'>Ngày trước</a></body></html>"
    request.send(200, body.encode())


def _burst_5xx(request) -> None:
    if request.server.hits(request.path) <= 2:
        return request.send(503, b"<html><body>Service Unavailable</body></html>")
    request.send(200, _article("Trang sau loạt lỗi 503"))


def _reset(request) -> None:
    request.connection.shutdown(2)


def _truncated(request) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    request.wfile.write(_article("Cụt")[:300])
    request.wfile.flush()
    request.connection.shutdown(2)


def _stream(request, size: int, *, length: bool) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    if length:
        request.send_header("Content-Length", str(size))
    else:
        request.send_header("Connection", "close")
    request.end_headers()
    request.wfile.write(b"<html><body><article><h1>Huge</h1><div class='content'>")
    chunk = ("<p>" + "chuyển đổi số họp " * 3000 + "</p>").encode()
    sent = 0
    while sent < size:
        request.wfile.write(chunk)
        sent += len(chunk)
    request.close_connection = True


def _redirect_loop(request) -> None:
    _redirect(request, _slug("redirect-loop") + f"?n={request.server.hits(request.path)}")


def _slow_drip(request) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    for _ in range(120):  # one byte every half second: a minute per page, unless cut
        request.wfile.write(b" ")
        request.wfile.flush()
        time.sleep(0.5)


def _redirect(request, location: str) -> None:
    request.send_response(302)
    request.send_header("Location", location)
    request.send_header("Content-Length", "0")
    request.end_headers()
