"""Certificates are verified per source: a self-signed portal is refused unless its entry opts out."""

from __future__ import annotations

import datetime as dt
import ssl

import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.cli import govmon
from tests.support.portal import LoopbackPortal

BODY = "<p>" + "Hội nghị trực tuyến về chuyển đổi số được tổ chức tại điểm cầu tỉnh. " * 12 + "</p>"
ARTICLE = (
    "<html><head><title>Hội nghị chuyển đổi số của tỉnh năm 2024</title>"
    "<meta property='article:published_time' content='2024-05-06T08:00:00+07:00'></head>"
    "<body><h1>Hội nghị chuyển đổi số của tỉnh năm 2024</h1>"
    f"<div class='content'>{BODY}{BODY}</div></body></html>"
)
ARTICLE_PATH = "/tin-tuc/hoi-nghi-chuyen-doi-so-cua-tinh-nam-2024-123.html"
LISTING = (
    f"<html><body><div class='list'><a href='{ARTICLE_PATH}'>"
    "Hội nghị chuyển đổi số của tỉnh năm 2024</a></div></body></html>"
)


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.IPAddress(__import__("ipaddress").ip_address("127.0.2.1")),
                    x509.IPAddress(__import__("ipaddress").ip_address("127.0.2.2")),
                ]
            ),
            False,
        )
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


def _https_portal(host: str, context: ssl.SSLContext) -> LoopbackPortal:
    portal = LoopbackPortal(host, tls=context)
    portal.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        "User-agent: *\nDisallow:\n",
    )
    portal.routes["/tin-tuc"] = (200, {}, LISTING)
    portal.routes[ARTICLE_PATH] = (200, {}, ARTICLE)
    return portal


def test_tls_verify_false_applies_to_its_own_source_only(tmp_path):
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    strict = _https_portal("127.0.2.1", context)
    lenient = _https_portal("127.0.2.2", context)
    try:
        registry = tmp_path / "tls.yaml"
        registry.write_text(
            "sources:\n"
            f"  - id: strict\n    name: Strict\n    province: An Giang\n"
            f"    start_urls: ['https://127.0.2.1:{strict.server_address[1]}/tin-tuc']\n    allow_private_network: true\n"
            f"  - id: lenient\n    name: Lenient\n    province: An Giang\n    tls_verify: false\n"
            f"    start_urls: ['https://127.0.2.2:{lenient.server_address[1]}/tin-tuc']\n    allow_private_network: true\n",
            encoding="utf-8",
        )
        db_path = tmp_path / "tls.db"
        proc = govmon(
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db_path),
            "--fast",
            "--quiet",
            "--no-analyse",
            check=False,
        )
        assert proc.returncode == 1 and "1 of 2 sources failed: strict" in proc.stderr
        db = sqlite_utils.Database(db_path)
        by_source = {r["source_id"]: r["url"] for r in db["articles"].rows}
        assert set(by_source) == {"lenient"}
        errors = next(db.query("select errors from source_runs where source_id = 'strict'"))[
            "errors"
        ]
        assert "SSL" in errors or "certificate" in errors.lower() or "TLS" in errors, errors
    finally:
        strict.stop()
        lenient.stop()
