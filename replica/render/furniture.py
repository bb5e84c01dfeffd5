"""Page furniture shared by the families: sidebars of other titles, related blocks, share links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica.render.html import esc, link_list

if TYPE_CHECKING:
    from replica.render.base import Family
    from replica.site import Site


def side_boxes(
    family: Family,
    site: Site,
    exclude: str | None = None,
    *,
    box: str = "box",
    head: str = "h3",
    n: int = 5,
) -> str:
    """The "Tin mới" / "Xem nhiều" sidebar boxes: other titles, never article text."""
    out = []
    for label, arts in (
        ("Tin mới", site.latest(n, exclude)),
        ("Xem nhiều", site.most_viewed(n, exclude)),
    ):
        out.append(
            f"<div class='{box}'><{head} class='{box}-title'>{label}</{head}>"
            + link_list([(family.article_path(a), a["title"]) for a in arts])
            + "</div>"
        )
    return "\n".join(out)


def related_box(
    family: Family, site: Site, art: dict, label: str = "Tin liên quan", cls: str = "related-news"
) -> str:
    items = site.related(art, 4)
    if not items:
        return ""
    return (
        f"<div class='{cls}'><h3 class='{cls}-title'>{label}</h3>"
        + link_list([(family.article_path(a), a["title"]) for a in items])
        + "</div>"
    )


def share_links(url: str) -> str:
    return (
        "<div class='share-tools'><span>Chia sẻ:</span>"
        f"<a class='share-fb' href='https://www.facebook.com/sharer/sharer.php?u={esc(url)}'>Facebook</a>"
        f"<a class='share-zalo' href='https://sp.zalo.me/share_inline?url={esc(url)}'>Zalo</a>"
        "<a class='print' href='javascript:window.print()'>In bài viết</a></div>"
    )
