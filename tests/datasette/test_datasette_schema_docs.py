"""The README's Schema section and docs/schema.md say what a fresh database really holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from datasette_config.schema_doc import BEGIN, END, readme_section

ROOT = Path(__file__).resolve().parents[2]


def current_doc() -> str:
    # In a fresh process: other tests register tables of their own in this one.
    return subprocess.run(
        [sys.executable, "-m", "datasette_config.schema_doc"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def test_docs_schema_md_is_current():
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == current_doc(), (
        "run: python -m datasette_config.schema_doc --readme README.md > docs/schema.md"
    )


def test_readme_schema_section_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = BEGIN + readme.split(BEGIN, 1)[1].split(END, 1)[0] + END
    assert section == readme_section(current_doc()), (
        "run: python -m datasette_config.schema_doc --readme README.md > docs/schema.md"
    )


def test_readme_documents_the_articles_contract():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for column in (
        "url",
        "source_id",
        "title",
        "lead",
        "body_text",
        "author",
        "published_at",
        "province",
        "province_now",
        "fetched_at",
        "content_hash",
        "topic_dx",
        "is_meeting_report",
        "event_id",
    ):
        assert f"| `{column}` |" in readme, column
