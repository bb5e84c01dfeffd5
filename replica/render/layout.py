"""The families' page layouts: one Jinja2 template a family, in replica/render/templates/.

A layout method computes its pieces (menu, breadcrumb, boxes) and the template places them.
Autoescape is off on purpose: every value is escaped where it is placed, with `esc` (html.escape,
the escaping real portals' pages show: `&quot;`, `&#x27;`), so a page is the same bytes it was
when the layouts were f-strings; Jinja2's own escaping writes `&#34;` and `&#39;` instead.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from replica.render.furniture import side_boxes
from replica.render.html import esc

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=False,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_ENV.globals.update(esc=esc, side_boxes=side_boxes)


def render_layout(template: str, **context: object) -> str:
    """The page of `template` (a file of replica/render/templates/) with `context`."""
    return _ENV.get_template(template).render(**context)
