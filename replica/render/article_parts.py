"""An article page's parts: title, date line, lead, body blocks, attachments and head tags,
with the page extras (replica README) that real portals show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica.dates import format_date, iso
from replica.render.html import (
    block_texts,
    esc,
    json_ld,
    link_list,
    list_html,
    meta_tags,
    slugify,
    table_html,
)
from replica.site import category_name

if TYPE_CHECKING:
    from replica.site import Site


class ArticlePartsMixin:
    """The parts of a `Family`'s article page (its `portal`, `v` and URL shapes)."""

    portal: dict
    v: dict

    def article_path(self, art: dict) -> str:
        raise NotImplementedError

    def image_src(self, art: dict, file: str) -> str:
        raise NotImplementedError

    def attachment_path(self, art: dict, file: str) -> str:
        raise NotImplementedError

    def date_text(self, art: dict, style: str) -> str:
        if not art["_moment"]:
            return ""
        return format_date(style, art["_moment"], art["_has_time"])

    def tags(self, art: dict) -> list[str]:
        labels = [category_name(art["_category"])]
        if art.get("province"):
            labels.append(art["province"])
        labels += [t for t in art.get("tags") or [] if isinstance(t, str)]
        return [slugify(t) for t in labels]

    def fields(self, site: Site, art: dict) -> dict:
        """Title, date line, lead, body HTML, attachments and head tags of an article page."""
        ex = art["extras"]
        title = ex["raw_title"] if isinstance(ex.get("raw_title"), str) else art.get("title") or ""
        lead = art.get("lead")
        prefix = ex.get("source_prefix")
        if lead and prefix:
            prefix = (
                prefix if isinstance(prefix, str) else f"({self.portal.get('real_domain', '')}) - "
            )
            lead = prefix + ("" if prefix.endswith(" ") else " ") + lead
        date = (
            None if ex.get("date_in_metadata_only") else self.date_text(art, self.v["date_style"])
        )
        blocks = list(art.get("body") or [])
        parts = [self.block(art, b) for b in blocks]
        if ex.get("lead_repeated") and art.get("lead"):
            parts.insert(0, self.paragraph(art["lead"]))
        if ex.get("related_in_body"):
            related = site.related(art, 2)
            box = (
                "<div class='related-in-body'><p><strong>Tin liên quan:</strong></p>"
                + link_list([(self.article_path(r), r["title"]) for r in related])
                + "</div>"
            )
            parts.insert(min(2, len(parts)), box)
        if (ex.get("author_bold_last") or self.v.get("author_bold_last")) and art.get("author"):
            parts.append(f'<p style="text-align: right;"><strong>{esc(art["author"])}</strong></p>')
        attachments = [
            a for a in ex.get("attachments") or [] if isinstance(a, dict) and a.get("file")
        ]
        att_html = ""
        if attachments:
            att_html = (
                "<div class='attachments'><p class='attach-title'>Tệp đính kèm:</p>"
                + link_list(
                    [
                        (self.attachment_path(art, a["file"]), a.get("title") or a["file"])
                        for a in attachments
                    ]
                )
                + "</div>"
            )
        url = site.base + self.article_path(art)
        images = [b["image"] for b in blocks if isinstance(b, dict) and b.get("image")]
        published = iso(art["_moment"], art["_has_time"]) if art["_moment"] else None
        show_meta_time = self.v.get("meta_time") or ex.get("date_in_metadata_only")
        head = meta_tags(
            title=title,
            url=url,
            description=art.get("lead"),
            site_name=self.portal.get("name", ""),
            image=site.base + self.image_src(art, images[0]) if images else None,
            published=published if show_meta_time else None,
            modified=art["_modified"].isoformat(timespec="seconds") if art["_edited"] else None,
        )
        if self.v.get("jsonld") or (
            ex.get("date_in_metadata_only") and not self.v.get("meta_time")
        ):
            head += "\n" + json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": title,
                    "datePublished": published,
                    "mainEntityOfPage": url,
                    "author": {"@type": "Person", "name": art["author"]}
                    if art.get("author")
                    else None,
                    "publisher": {"@type": "Organization", "name": self.portal.get("name")},
                }
            )
        return {
            "title": title,
            "lead": lead,
            "date": date,
            "body": "\n".join(p for p in parts if p),
            "attachments": att_html,
            "head": head,
            "author": art.get("author"),
            "stale_date": ex.get("stale_header_date")
            if isinstance(ex.get("stale_header_date"), str)
            else ("Thứ Sáu, ngày 23 tháng 08 năm 2019" if ex.get("stale_header_date") else None),
        }

    def paragraph(self, text: str) -> str:
        return f"<p>{esc(text)}</p>"

    def block(self, art: dict, block: object) -> str:
        if isinstance(block, str):
            return self.paragraph(block)
        if not isinstance(block, dict):
            return ""
        if "image" in block:
            return self.figure(
                art, self.image_src(art, block["image"]), block.get("caption"), block["image"]
            )
        if "table" in block:
            return table_html(block["table"], self.v.get("table_class", ""))
        if "list" in block:
            return list_html(block["list"], bool(block.get("ordered")))
        if "heading" in block:
            return f"<h3>{esc(block['heading'])}</h3>"
        return "".join(self.paragraph(t) for t in block_texts(block))

    def figure(self, art: dict, src: str, caption: str | None, file: str) -> str:
        cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return (
            f'<figure class="image"><img src="{esc(src)}" alt="{esc(caption or "")}">{cap}</figure>'
        )
