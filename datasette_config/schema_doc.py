"""Render docs/schema.md from the Datasette metadata: `python -m datasette_config.schema_doc > docs/schema.md`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from datasette_config.serving import build_metadata
from storage.db import open_db

INTRO = """\
# Schema

A govmon database is one SQLite file (`govmon.db` by default) written by `govmon crawl` and
served by `govmon serve`. This page lists every table and column in the analyst's words; the
same descriptions show in Datasette next to each table. It is generated from
`datasette_config/metadata.yaml` and the descriptions the storage modules register:
`python -m datasette_config.schema_doc > docs/schema.md`.

## How to read the data

- **One row per article URL** in `articles`, holding the latest version. When a page's text
  changes (title, lead, body, author or publication time), the row is updated, `version`
  goes up and the new text is added to `article_versions`, which keeps every version
  (git-history style; a page whose text changes back gets a new version too). Each text is
  stored once: the current version's is in `articles` (its `article_versions` row has the
  version number, hash and times, and gets the text when a newer version replaces it). In Datasette a
  version's page shows what changed since the previous one. Nothing is deleted: a page that
  disappears gets `removed_at` (and loses it if it comes back).
- **Re-crawling changes nothing that did not change.** An unchanged page leaves `articles`,
  `article_versions`, `images` and `attachments` untouched (not even `fetched_at`); the
  moment it was last seen is written to `article_sightings`.
- **Two provinces.** `province` is the province as published, in the names of the time
  (Hà Nam, Bắc Kạn); `province_now` is the one it belongs to after the 1 July 2025 merger
  (Ninh Bình, Thái Nguyên). Facet on either.
- **Dates.** `published_at` is Vietnam time with its offset (`2021-11-30T20:07:00+07:00`), or a
  bare date when the page prints no time. `published_date`, `published_month` and
  `published_year` are derived for facets. Crawl times (`fetched_at`, `first_seen_at`...) are UTC.
- **Text** is Unicode NFC everywhere, so `=` and `like` comparisons behave.
- **Booleans** are 0/1 integers (`is_meeting_report`, `topic_dx`, `enabled`); lists and objects
  are JSON text (`relevance_reasons`, `start_urls`, `stats`): use SQLite's `json_each()`.

## Searching

`articles` has a full-text index (`articles_fts`, SQLite FTS5). In Datasette, use the search
box on the home page (`/-/search`: ranked, highlighted, with facets) or `?_search=` on the
articles table (`/govmon/articles.json?_search=de+an+06`). Both, the `search_feed` canned
query and saved watches read one query language (docs/search.md): words (all required),
`"quoted phrases"`, `-word` or `-"phrase"` to exclude, ` OR ` (upper case) between
alternatives: `"uy ban quoc gia" "chuyen doi so" OR "de an 06"`.

- Accents are optional: `chuyen doi so` finds *chuyển đổi số*, `de an 06` finds *Đề án 06*
  (the index holds the text folded, đ becomes d and every mark is gone, beside the text with
  its marks; it stores no copy of the text: `articles_fts` is a contentless FTS5 index).
- Both tone placements match: *Hoà Bình* and *Hòa Bình*, *uỷ* and *ủy*.
- Folding merges some words (*số* and *sở* both become *so*). On the search page (most
  relevant first), articles containing the words exactly as typed, accents included, rank
  first; then articles holding the words together as a phrase; then those whose title alone
  answers the query; then the newest. Ranking looks at the newest 2,000 matches; "newest first"
  looks at no more than the page. `?_search=` on the table filters only: its rows are sorted
  newest first (by `search_rowid`) unless you pick a sort, and a search with more than 2,000
  hits gets no total and no facets there (`_nocount`, `_nofacet`: they would hit Datasette's
  time limits on a large archive); the search page gives its total and facets.
- Look-alike letters (Ð typed for Đ) and decomposed Unicode in a query are normalised.
- In SQL: `select a.* from articles_fts f join articles a on a.search_rowid = f.rowid where
  articles_fts match search_match('de an 06') order by f.rowid desc limit 20` (newest first:
  the index's rowid follows publication order; `search_rowid` is publication minute × 2^32 + id). In Datasette, SQL can call
  `search_match(query)` (a query in govmon's language to its FTS5 expression),
  `vn_fold(text)` (the same folding) and `vn_snippet(text, query)`.

"""


def render(metadata: dict, database: str) -> str:
    """The schema page for ``database`` of ``metadata``."""
    db_meta = metadata["databases"][database]
    tables = db_meta.get("tables", {})
    out = [
        INTRO.rstrip("\n") + "\n",
        "## Canned queries\n",
        "| query | what it answers |\n|---|---|",
    ]
    for name, query in (db_meta.get("queries") or {}).items():
        text = " ".join(str(query.get("description") or query.get("title") or "").split())
        out.append(f"| `{name}` | {text.replace('|', chr(92) + '|')} |")
    out.append("\n## Tables")
    for table, meta in tables.items():
        if meta.get("hidden"):
            continue
        out.append(f"\n### `{table}`\n\n{meta.get('description', '').strip()}\n")
        out.append("| column | meaning |\n|---|---|")
        for column, text in (meta.get("columns") or {}).items():
            cell = " ".join(str(text).split()).replace("|", r"\|")
            out.append(f"| `{column}` | {cell} |")
    return "\n".join(out) + "\n"


BEGIN, END = "<!-- SCHEMA:BEGIN -->", "<!-- SCHEMA:END -->"


def current_doc() -> str:
    """The schema page of a fresh database with every module's tables."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "govmon.db"
        open_db(path).close()
        return render(build_metadata(path), "govmon")


def readme_section(doc: str) -> str:
    """The schema page as the README's "Schema" section: its title dropped (the README has its
    own), every other heading one level down."""
    lines = doc.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    lines = [("#" + line) if line.startswith("#") else line for line in lines]
    return f"{BEGIN}\n" + "\n".join(lines).strip() + f"\n{END}"


def update_readme(readme: Path, doc: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{readme}: no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(head + readme_section(doc) + tail, encoding="utf-8")


def main() -> None:
    """`python -m datasette_config.schema_doc` prints docs/schema.md; `--readme FILE` also updates FILE."""
    doc = current_doc()
    if len(sys.argv) == 3 and sys.argv[1] == "--readme":
        update_readme(Path(sys.argv[2]), doc)
    sys.stdout.write(doc)


if __name__ == "__main__":
    main()
