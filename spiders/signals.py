"""Signals about what this crawl learnt for the next one, sent by the spider and its middlewares.

The crawl's state is not kept on the spider: the spider and the downloader middlewares send
these (``crawler.signals.send_catch_log``) and the storage pipeline keeps and saves what they
say when the spider closes (``crawler.pipelines.StoragePipeline``).
"""

# A 200 answer carried validators: url, source_id, etag, last_modified, article (an article page,
# or a listing, feed or sitemap).
validators_seen = object()
# An article of the source could not be had this run (5xx, timeout, block page, no text, cut off):
# source_id. Its listings' validators are not saved, so the next crawl reads them again instead
# of getting a 304 and never retrying the article.
source_incomplete = object()
# A listing page had no article link: url. Its validators are not saved, so it is read in full
# next time (a 304 would hide that it stays empty).
listing_reread = object()
# The spider learnt from a source's article page: source_id, template (a SiteTemplate).
template_learnt = object()
