"""Generated portals for the out-of-sample bench: a whole new site, with ground truth, from a seed.

Nothing here reads govmon's crawler code: truth comes from what the generator printed.
"""

from __future__ import annotations

from replica.generator.model import Article, Resource, Site
from replica.generator.server import SiteServers, serve_sites, site_host
from replica.generator.site import generate_site

__all__ = [
    "Article",
    "Resource",
    "Site",
    "SiteServers",
    "generate_site",
    "serve_sites",
    "site_host",
]
