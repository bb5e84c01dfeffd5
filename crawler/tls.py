"""TLS for the crawl: certificates verified by default, skipped only for hosts of sources that opt out.

Scrapy verifies no certificate unless DOWNLOAD_VERIFY_CERTIFICATES is on, and then verifies every
host. Several provincial portals serve incomplete certificate chains, so a source may say
`tls_verify: false` in the registry; this policy applies that to that source's hosts only.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

from crawler.urls import host_in


@implementer(IPolicyForHTTPS)
class PerSourceTLSPolicy:
    """Verify certificates, except for the hosts listed in GOVMON_TLS_INSECURE_HOSTS."""

    def __init__(self, verifying: Any, lenient: Any, insecure_hosts: set[str]) -> None:
        self.verifying = verifying
        self.lenient = lenient
        self.insecure_hosts = insecure_hosts

    @classmethod
    def from_crawler(cls, crawler, method: Any = None, *args: Any, **kwargs: Any):
        # Scrapy's own factory, built twice from the same settings: once verifying, once not.
        verifying = _ScrapyClientContextFactory.from_crawler(crawler, method=method)
        verifying._verify_certificates = True
        lenient = _ScrapyClientContextFactory.from_crawler(crawler, method=method)
        lenient._verify_certificates = False
        hosts = {h.lower() for h in crawler.settings.getlist("GOVMON_TLS_INSECURE_HOSTS")}
        return cls(verifying, lenient, hosts)

    def creatorForNetloc(self, hostname: bytes, port: int):  # noqa: N802 (Twisted's name)
        host = hostname.decode("ascii").lower()
        lenient = host_in(host, self.insecure_hosts)
        return (self.lenient if lenient else self.verifying).creatorForNetloc(hostname, port)
