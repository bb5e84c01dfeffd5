"""HTTP answers that do not depend on a portal: conditional requests (304) and blocking pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import parsedate_to_datetime

from replica.dates import http_date
from replica.render.payloads import Page


def conditional(page: Page, headers: dict[str, str]) -> Page:
    """ETag / Last-Modified on 200 pages, and 304 when the client already has this version."""
    if page.status != 200 or page.content_type.startswith("image/"):
        return page
    etag = '"' + hashlib.sha1(page.body).hexdigest()[:20] + '"'
    page.headers["ETag"] = etag
    lm = page.last_modified
    if lm is not None:
        page.headers["Last-Modified"] = http_date(lm)
    lower = {k.lower(): v for k, v in headers.items()}
    inm = lower.get("if-none-match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        if etag in tags or "*" in tags or f"W/{etag}" in tags:
            return Page(304, page.content_type, b"", lm, page.headers)
        return page
    ims = lower.get("if-modified-since")
    if ims and lm is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return page
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        if lm.replace(microsecond=0) <= since:
            return Page(304, page.content_type, b"", lm, page.headers)
    return page


def blocked_page(mode: str) -> Page:
    if mode == "429":
        return Page(
            429,
            "text/html; charset=utf-8",
            b"<html><body><h1>429 Too Many Requests</h1></body></html>",
            headers={"Retry-After": "120"},
        )
    if mode == "403":
        return Page(
            403,
            "text/html; charset=utf-8",
            b"<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
            b"<p>You don't have permission to access this resource.</p></body></html>",
        )
    # A firewall challenge: status 200, a tiny page with no content at all.
    return Page(
        200,
        "text/html; charset=utf-8",
        b"<html><head><title>Access denied</title></head><body><p>Access denied. "
        b"Request unsuccessful. Incident ID: 520000340118394922</p></body></html>",
    )


def script_shell(site_name: str) -> Page:
    """A page whose content a script would load in the browser: a 200 with nothing to read."""
    name = site_name.replace("&", "&amp;").replace("<", "&lt;")
    return Page(
        200,
        "text/html; charset=utf-8",
        (
            f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{name}</title>"
            "<link rel='stylesheet' href='/static/app.css'></head><body><div id='app'></div>"
            "<noscript>Vui lòng bật JavaScript để xem trang này.</noscript>"
            "<script src='/static/app.js'></script></body></html>"
        ).encode(),
    )
