"""Copies across nights: whether a record at a new address repeats a stored article of its source.

A print, mobile or AMP copy (its canonical link names the article, or the same title over the
same text, and no other publication day) gets no row of its own; storage.articles writes what
is decided here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.text import nfc

if TYPE_CHECKING:
    from storage.articles import _Batch as Batch


def same_story(body: str | None, other: str | None) -> bool:
    """Two bodies of one story: equal, or most paragraphs of the shorter in the longer (a print
    layout that drops a caption or a credit line)."""
    if not body or not other:
        return not body and not other
    if body == other:
        return True
    mine, theirs = set(body.split("\n\n")), set(other.split("\n\n"))
    return len(mine & theirs) >= 0.8 * min(len(mine), len(theirs))


def copy_of(batch: Batch, record: dict, url: str) -> tuple[str, dict] | None:
    """How a record at a new address relates to a stored article of its source, if it does:
    ``("copy", row)`` when it repeats ``row`` (its canonical link names ``row``'s address, or the
    same title over the same text), ``("original", row)`` when ``row`` is a stored copy whose
    canonical link names this address."""
    source = nfc(str(record.get("source_id") or ""))
    conn = batch.conn
    title = nfc(record.get("title") or "")
    body = nfc(record.get("body_text") or "")

    day = str(record.get("published_at") or "")[:10]

    def apart(row: dict) -> bool:
        # Two stories published on different days are two stories, however alike their text
        # (a weekly notice with a stock sentence); a copy repeats its article's date or has none.
        other = str(row.get("published_at") or "")[:10]
        return bool(day and other and day != other)

    def alike(row: dict) -> bool:
        # A canonical link alone is not trusted: some sites name one page on every page.
        if apart(row):
            return False
        return bool(title) and row.get("title") == title or same_story(body, row.get("body_text"))

    def same_text(row: dict) -> bool:
        return (
            bool(title)
            and row.get("title") == title
            and not apart(row)
            and same_story(body, row.get("body_text"))
        )

    canonical = nfc(record.get("canonical_url") or "")
    # The batch's new rows, not in the table yet (inserted together, in one index segment).
    for row in batch.pending_alike(source, url, canonical, title):
        if (row["url"] == canonical and alike(row)) or same_text(row):
            return "copy", row
        if row.get("canonical_url") == url and alike(row):
            batch.flush()  # rare: the row is rewritten below, so it must be in the table
            return "original", batch.row("select * from articles where id = ?", [row["id"]])
    if canonical and canonical != url:
        found = batch.row(
            "select * from articles where source_id = ? and id = coalesce("
            "(select id from articles where url = ?),"
            "(select article_id from article_urls where url = ?))",
            [source, canonical, canonical],
        )
        if found and alike(found):
            return "copy", found
    found = batch.row(
        "select * from articles where canonical_url = ? and canonical_url != url"
        " and source_id = ? order by id limit 1",
        [url, source],
    )
    if found and alike(found):
        return "original", found
    if title:
        for row_id, published, stored in conn.execute(
            "select id, published_at, body_text from articles where source_id = ? and title = ?"
            " order by id",
            [source, title],
        ):
            if same_text({"title": title, "published_at": published, "body_text": stored}):
                return "copy", batch.row("select * from articles where id = ?", [row_id])
    return None
