"""`govmon sources check`: probing sources over real loopback HTTP(S) servers, failures included."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.probe import check_source
from crawler.registry import Alias, Source
from tests.support.portal import LoopbackPortal

LISTING = """<html><head><title>Chuyển đổi số</title></head><body>
<nav><a href="/gioi-thieu">Giới thiệu</a></nav>
<div class="list-news">
<a href="/tin-tuc/hop-ban-chi-dao-chuyen-doi-so-tinh-phien-thu-nhat-12345.html">Họp Ban Chỉ đạo chuyển đổi số tỉnh phiên thứ nhất năm 2024</a>
</div></body></html>"""
ARTICLE = """<html><head><title>Họp Ban Chỉ đạo chuyển đổi số tỉnh</title>
<meta property="article:published_time" content="2024-03-18T09:00:00+07:00"></head><body>
<article><h1>Họp Ban Chỉ đạo chuyển đổi số tỉnh phiên thứ nhất năm 2024</h1>
<p>Sáng 18/3, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức phiên họp thứ nhất năm 2024 dưới sự chủ trì của
Chủ tịch Ủy ban nhân dân tỉnh, với sự tham dự của lãnh đạo các sở, ban, ngành.</p>
<p>Tại phiên họp, các đại biểu đã thảo luận kết quả triển khai Đề án 06 và kế hoạch chuyển đổi số
năm 2024, tập trung vào dữ liệu số, chính quyền số và kinh tế số trên địa bàn tỉnh.</p>
<p>Kết luận phiên họp, đồng chí Chủ tịch yêu cầu các đơn vị khẩn trương hoàn thành các nhiệm vụ được
giao, bảo đảm tiến độ và chất lượng, báo cáo kết quả trước ngày 30/6.</p>
</article></body></html>"""
EMPTY_ARTICLE = "<html><head><title></title></head><body><div></div></body></html>"


def test_a_loopback_source_needs_allow_private_network(site) -> None:
    result = check_source(source_for(base_of(site), allow_private_network=False), timeout=5)
    assert result.status == "unreachable"
    assert "127.0.0.1 is not a public address (allow_private_network is not set)" in result.reason
    assert site.log == []


ARTICLE_PATH = "/tin-tuc/hop-ban-chi-dao-chuyen-doi-so-tinh-phien-thu-nhat-12345.html"


def pages(portal: LoopbackPortal) -> LoopbackPortal:
    portal.routes["/chuyen-doi-so"] = (200, {}, LISTING)
    portal.routes[ARTICLE_PATH] = (200, {}, ARTICLE)
    return portal


@pytest.fixture
def site() -> Iterator[LoopbackPortal]:
    """A tiny portal on loopback whose pages each test sets."""
    with LoopbackPortal() as portal:
        yield pages(portal)


def source_for(base: str, **extra: object) -> Source:
    return Source(
        id="t",
        name="T",
        province="Hà Nam",
        start_urls=[base + "/chuyen-doi-so"],
        allowed_domains=["127.0.0.1"],
        **{"allow_private_network": True, **extra},
    )


def base_of(server: LoopbackPortal) -> str:
    return server.base


def test_ok_finds_links_and_extracts_one_article(site) -> None:
    result = check_source(source_for(base_of(site)), timeout=5)
    assert result.status == "ok", result.reason
    assert result.links == 1
    assert result.article_url == base_of(site) + ARTICLE_PATH
    assert "Ban Chỉ đạo chuyển đổi số" in result.article_title
    assert result.robots == "none (HTTP 404)"


def test_robots_disallow_is_blocked(site) -> None:
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        "User-agent: *\nDisallow: /chuyen-doi-so\n",
    )
    result = check_source(source_for(base_of(site)), timeout=5)
    assert (result.status, result.robots) == ("blocked", "disallows start URL")
    assert "robots.txt disallows" in result.reason
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        "User-agent: *\nDisallow: /admin\n",
    )
    assert check_source(source_for(base_of(site)), timeout=5).status == "ok"


def test_robots_is_read_as_the_crawl_reads_it(site) -> None:
    """`sources check` and the crawl must agree on robots.txt (RFC 9309, as Scrapy's parser):
    the longest matching rule wins, not the first; a 5xx robots.txt disallows the whole host."""
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        "User-agent: *\nDisallow: /\nAllow: /chuyen-doi-so\nAllow: /tin-tuc/\n",
    )
    result = check_source(source_for(base_of(site)), timeout=5)
    assert (result.status, result.robots) == ("ok", "allows"), result.reason
    site.routes["/robots.txt"] = (503, {}, "<html><body>Service Unavailable</body></html>")
    result = check_source(source_for(base_of(site)), timeout=5)
    assert (result.status, result.robots) == ("unreachable", "disallows all (HTTP 503)")
    assert result.reason.startswith("HTTP 503 on robots.txt")


def test_no_articles_found(site) -> None:
    site.routes["/chuyen-doi-so"] = (200, {}, "<html><body><p>Chưa có tin bài.</p></body></html>")
    result = check_source(source_for(base_of(site)), timeout=5)
    assert result.status == "no articles found"
    assert result.reason == f"no article links on {base_of(site)}/chuyen-doi-so"


def test_extraction_failed(site) -> None:
    site.routes[ARTICLE_PATH] = (200, {}, EMPTY_ARTICLE)
    result = check_source(source_for(base_of(site)), timeout=5)
    assert result.status == "extraction failed"
    assert ARTICLE_PATH in result.reason and "no title" in result.reason


def test_http_errors_and_block_pages(site) -> None:
    site.routes["/chuyen-doi-so"] = (503, {}, "<html><body>Service Unavailable</body></html>")
    result = check_source(source_for(base_of(site)), timeout=5)
    assert result.status == "unreachable" and "HTTP 503 on start URL" in result.reason
    site.routes["/chuyen-doi-so"] = (403, {}, "<html><body>Forbidden</body></html>")
    assert check_source(source_for(base_of(site)), timeout=5).status == "blocked"
    site.routes["/chuyen-doi-so"] = (
        200,
        {},
        "<html><body>Access denied. Request unsuccessful.</body></html>",
    )
    assert check_source(source_for(base_of(site)), timeout=5).status == "blocked"


def test_redirects_stay_within_the_source_and_its_aliases(site) -> None:
    other = base_of(site).replace("127.0.0.1", "localhost")  # same server, another host name
    site.routes["/cu"] = (301, {"Location": other + "/chuyen-doi-so"}, "")
    source = source_for(base_of(site))
    source.start_urls = [base_of(site) + "/cu"]
    result = check_source(source, timeout=5)
    assert result.status == "unreachable"
    # Judged before it is followed: the check never asks the other host.
    assert (
        f"redirects to {other}/chuyen-doi-so: not followed, outside the source's domains"
        in result.reason
    )
    assert "/chuyen-doi-so" not in site.log
    source.aliases = [Alias("localhost", until=dt.date(2025, 3, 1))]
    assert check_source(source, timeout=5).status == "ok"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_closed_port_is_unreachable_not_a_traceback(tmp_path: Path) -> None:
    port = closed_port()
    result = check_source(source_for(f"http://127.0.0.1:{port}"), timeout=2)
    assert result.status == "unreachable"
    assert result.reason == f"connection refused by 127.0.0.1:{port}"
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "sources:\n"
        f"  - {{id: gone, name: Gone, province: Hà Nam, start_urls: ['http://127.0.0.1:{port}/tin-tuc'], allow_private_network: true}}\n"
        "  - {id: dormant, name: Dormant, province: null, start_urls: ['http://127.0.0.1:9/'], enabled: false,\n"
        "     disabled_reason: test}\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        main, ["sources", "check", "--sources", str(registry), "--timeout", "2"]
    )
    assert out.exit_code == 1
    assert "unreachable" in out.output and "connection refused" in out.output
    assert "dormant" not in out.output
    assert "0 of 1 sources ok" in out.output  # the disabled source is not probed
    assert "Traceback" not in out.output


def test_silent_server_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)  # accepts connections into the backlog, never answers
        port = listener.getsockname()[1]
        result = check_source(source_for(f"http://127.0.0.1:{port}"), timeout=0.5)
    assert result.status == "unreachable"
    assert "within 0.5 s" in result.reason


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_untrusted_certificate_is_a_tls_problem_unless_opted_out(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with LoopbackPortal(tls=context) as portal:
        base = pages(portal).base
        result = check_source(source_for(base), timeout=5)
        assert result.status == "TLS problem"
        assert "tls_verify: false" in result.reason  # the hint names the per-source opt-in
        opted_out = check_source(source_for(base, tls_verify=False), timeout=5)
        assert opted_out.status == "ok", opted_out.reason
