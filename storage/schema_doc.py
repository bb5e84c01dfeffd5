"""Render docs/schema.md from the Datasette metadata: `python -m storage.schema_doc > docs/schema.md`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from storage.db import open_db
from storage.serving import build_metadata

INTRO = """\
# Schema

A govmon database is one SQLite file (`govmon.db` by default) written by `govmon crawl` and
served by `govmon serve`. This page lists every table and column in the analyst's words; the
same descriptions show in Datasette next to each table. It is generated from
`datasette_config/metadata.yaml` and the descriptions the storage modules register:
`python -m storage.schema_doc > docs/schema.md`.

## How to read the data

- **One row per article URL** in `articles`, holding the latest version. When a page's text
  changes (title, lead, body, author or publication time), the row is updated, `version`
  goes up and the new text is added to `article_versions`, which keeps every version
  (git-history style; a page whose text changes back gets a new version too). In Datasette a
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
articles table (`/govmon/articles.json?_search=de+an+06`).

- Accents are optional: `chuyen doi so` finds *chuyển đổi số*, `de an 06` finds *Đề án 06*
  (the index holds a folded copy, `search_folded`, where đ becomes d and every mark is gone).
- Both tone placements match: *Hoà Bình* and *Hòa Bình*, *uỷ* and *ủy*.
- Folding merges some words (*số* and *sở* both become *so*). On the search page, articles
  containing the words exactly as typed, accents included, rank first; then articles holding
  the words together as a phrase; then FTS5's bm25 with title above lead above body above the
  folded copy. `?_search=` on the table filters only: its rows stay sorted newest first.
- Look-alike letters (Ð typed for Đ) and decomposed Unicode in a query are normalised.
- In SQL: `select a.* from articles_fts f join articles a on a.id = f.rowid where
  articles_fts match '"de" "an" "06"' order by f.rank`. Canned queries can call
  `vn_fold(text)` (the same folding) and `vn_snippet(text, query)`.

## Canned queries

| query | what it answers |
|---|---|
| `latest_meeting_reports` | the newest digital-transformation meeting reports still online |
| `meeting_reports_feed` | the same as an Atom feed (`/govmon/meeting_reports_feed.atom`) |
| `sources_by_health` | every enabled source with the monitor's verdict, failing first |
| `changed_last_night` | new articles, new versions and removals since `:since` (default: 24 h) |
| `search_in_province` | full-text search within one province, as published or as of today |
| `event_map` | the provinces that reported one event, on a map |

The analysis part adds its event-coverage queries from `crawler/analysis/queries.yaml`.

## Tables
"""


def render(metadata: dict, database: str) -> str:
    """The schema page for ``database`` of ``metadata``."""
    tables = metadata["databases"][database].get("tables", {})
    out = [INTRO]
    for table, meta in tables.items():
        if meta.get("hidden"):
            continue
        out.append(f"\n### `{table}`\n\n{meta.get('description', '').strip()}\n")
        out.append("| column | meaning |\n|---|---|")
        for column, text in (meta.get("columns") or {}).items():
            cell = " ".join(str(text).split()).replace("|", r"\|")
            out.append(f"| `{column}` | {cell} |")
    return "\n".join(out) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "govmon.db"
        open_db(path).close()
        sys.stdout.write(render(build_metadata(path), "govmon"))


if __name__ == "__main__":
    main()
