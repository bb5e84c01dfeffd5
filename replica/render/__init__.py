"""The CMS family renderers of the replica, looked up by the ``family`` of portals.yaml."""

from __future__ import annotations

from replica.render.base import Family
from replica.render.liferay import Liferay
from replica.render.news_a_id import NewsAId
from replica.render.nukeviet import NukeViet
from replica.render.numeric import NumericTimestampNews
from replica.render.payloads import Page
from replica.render.sharepoint import SharePoint
from replica.render.wordpress import WordPress

FAMILIES: dict[str, type[Family]] = {
    cls.name: cls
    for cls in (SharePoint, NumericTimestampNews, NewsAId, NukeViet, WordPress, Liferay)
}


def make_family(portal: dict) -> Family:
    """The renderer of a portal (its family, at its template version)."""
    try:
        cls = FAMILIES[portal["family"]]
    except KeyError:
        raise ValueError(
            f"portal {portal['id']!r}: unknown family {portal['family']!r} "
            f"(known: {', '.join(sorted(FAMILIES))})"
        ) from None
    return cls(portal)


__all__ = ["FAMILIES", "Family", "Page", "make_family"]
