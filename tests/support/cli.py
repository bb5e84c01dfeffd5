"""Running `govmon` as the user does (a child process), and the pages and registries crawl tests use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from tests.support.portal import LoopbackPortal

PARAGRAPH = (
    "Hội nghị trực tuyến về chuyển đổi số được tổ chức tại điểm cầu tỉnh với nhiều sở ngành. "
)


def govmon(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"govmon {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    return proc


def article_html(title: str, date: str = "2024-05-06T08:00:00+07:00") -> str:
    body = f"<p>{PARAGRAPH * 6}</p>" * 3
    return (
        f"<html><head><title>{title}</title>"
        f"<meta property='article:published_time' content='{date}'></head>"
        f"<body><h1>{title}</h1><div class='content'>{body}</div></body></html>"
    )


def listing_html(links: list[tuple[str, str]]) -> str:
    items = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in links)
    return f"<html><body><ul class='list'>{items}</ul></body></html>"


def registry(tmp_path: Path, site: LoopbackPortal, **fields: str) -> Path:
    """A registry of one source "site" starting at ``site``'s /tin-tuc (extra YAML fields as text)."""
    path = tmp_path / "site.yaml"
    extra = "".join(f"    {k}: {v}\n" for k, v in fields.items())
    path.write_text(
        "sources:\n  - id: site\n    name: Site\n    province: An Giang\n"
        f"    start_urls: ['{site.base}/tin-tuc']\n    allow_private_network: true\n" + extra,
        encoding="utf-8",
    )
    return path


def crawl(reg: Path, db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return govmon(
        "crawl",
        "--sources",
        str(reg),
        "--db",
        str(db),
        "--fast",
        "--quiet",
        "--no-analyse",
        *args,
        check=check,
    )


def stored_urls(db: Path) -> set[str]:
    return {r["url"] for r in sqlite_utils.Database(db)["articles"].rows}
