"""The values that travel through the pipeline: what extraction returns and storage keeps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Image:
    """An image of the article body, with its caption when the page gives one."""

    src: str
    caption: str | None = None


@dataclass
class Attachment:
    """A linked document (PDF, DOC, XLS...) inside the article body."""

    url: str
    title: str | None = None
    kind: str | None = None  # file extension, lower case: "pdf", "doc", "docx", ...


@dataclass
class Article:
    """One article as extracted from one page. All text is NFC.

    ``published_at`` is ISO 8601: ``2021-11-30T20:07:00+07:00`` when the page prints a time,
    ``2021-11-30`` when it prints a date only. ``body_text`` holds the body paragraphs (image
    captions included, in document order) separated by a blank line; it excludes the title,
    the date line, the lead and page furniture.
    """

    url: str
    title: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    author: str | None = None
    lead: str | None = None
    body_text: str | None = None
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    canonical_url: str | None = None
    cms_family: str | None = None
    extraction_method: str | None = None  # "family:<name>", "generic", ...
    # Set to the cap (characters) when body_text was cut there: a page that is mostly junk (or
    # a hostile 8 MB page) must not cost the analysis and the search index without bound.
    body_truncated_at: int | None = None
    # False for pages with a title and a body but no prose: a document record (a table of
    # "Số ký hiệu", "Ngày ban hành"... and a PDF), a gallery. Not stored as articles.
    has_prose: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_complete(self) -> bool:
        """True when the page yielded what makes an article: a title and a body."""
        return bool(self.title and self.body_text)
