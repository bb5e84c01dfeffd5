"""The replica's HTTP server: every portal on its own loopback host at one shared port, with mutations."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from replica.render import make_family
from replica.render.html import slugify
from replica.render.payloads import TINY_PNG, Page
from replica.responses import blocked_page, conditional, script_shell
from replica.site import Site, dedupe_slugs, newest_first, prepare_article, route_key
from replica.store import (
    ARTICLES_DIR,
    PORTALS_FILE,
    VN_TZ,
    ArticleStore,
    load_portals,
    validate_article,
)
from replica.truth import truth_record
from replica.wire import bind_all

DEFAULT_PORT = 8480
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
BLOCK_MODES = ("403", "429", "challenge")
ADMIN_ACTIONS = (
    "publish",
    "edit",
    "remove",
    "break_portal",
    "block_portal",
    "change_layout",
    "hide_links",
    "empty_articles",
    "set_delay",
    "heal",
)


class Replica:
    """A running replica. Use :func:`start_replica`; mutations simulate what happens overnight."""

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        *,
        content_dir: Path | str = ARTICLES_DIR,
        portals_file: Path | str = PORTALS_FILE,
    ) -> None:
        self.portals = {p["id"]: p for p in load_portals(portals_file)}
        self.families = {pid: make_family(p) for pid, p in self.portals.items()}
        self.store = ArticleStore(Path(content_dir))
        self.request_log: list[tuple[str, str, str, int, dict]] = []
        self._log_lock = threading.Lock()
        self._lock = threading.RLock()
        self._added: dict[str, dict] = {}
        self._edits: dict[str, tuple[dict, dt.datetime]] = {}
        self._removed: dict[str, int] = {}
        self._state: dict[str, dict] = {pid: {} for pid in self.portals}
        self._changed: dict[str, dt.datetime] = {}
        self._last_tick = dt.datetime(2000, 1, 1, tzinfo=VN_TZ)
        self._version = 0
        self._cache_key: tuple | None = None
        self._sites: dict[str, Site] = {}
        ids = list(self.portals)
        self._servers = bind_all([self.portals[i]["host"] for i in ids], port, self, ids)
        self.port = self._servers[0].server_address[1]
        self.base_urls = {pid: f"http://{self.portals[pid]['host']}:{self.port}" for pid in ids}
        # A short poll interval keeps stop() quick (tests start and stop many replicas).
        self._threads = [
            threading.Thread(
                target=s.serve_forever, args=(0.1,), name=f"replica-{s.portal_id}", daemon=True
            )
            for s in self._servers
        ]
        for t in self._threads:
            t.start()

    # ---- lifecycle -----------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop serving and free the port."""
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        for s in self._servers:
            s.server_close()
        self._servers = []

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- mutations -------------------------------------------------------------------------------
    def publish(self, article: dict) -> str:
        """Add an article (same keys as a content YAML file); it tops listings, feeds and sitemaps.
        Returns its absolute URL. ``published_at`` defaults to now, ``category`` to the portal's
        DX category, ``slug`` to the title's."""
        art = dict(article)
        art.setdefault("published_at", dt.datetime.now(VN_TZ).replace(microsecond=0).isoformat())
        if art.get("portal") in self.families:
            art.setdefault("category", self.families[art["portal"]].dx_category)
        if art.get("title") and not art.get("slug"):
            art["slug"] = slugify(str(art["title"]))
        problems = validate_article(art, f"publish({art.get('id')!r})")
        if art.get("portal") not in self.portals:
            problems.append(f"publish({art.get('id')!r}): unknown portal {art.get('portal')!r}")
        if problems:
            raise ValueError("; ".join(problems))
        with self._lock:
            art["id"] = str(art["id"])
            self._added[art["id"]] = {**art, "_published_now": self._tick(art["portal"])}
            self._removed.pop(art["id"], None)
            self._version += 1
        return self.url_of(art["id"])

    def edit(self, article_id: str, **fields: object) -> str:
        """Change fields of an article (title, body, lead...); its Last-Modified moves to now."""
        with self._lock:
            art = self._current(article_id)
            old, _ = self._edits.get(article_id, ({}, None))
            self._edits[article_id] = ({**old, **fields}, self._tick(art["portal"]))
            self._version += 1
        return self.url_of(article_id)

    def remove(self, article_id: str, status: int = 404) -> None:
        """Take an article down: its page answers ``status`` (404 or 410) and it leaves every list."""
        if status not in (404, 410):
            raise ValueError("status must be 404 or 410")
        with self._lock:
            art = self._current(article_id)
            self._removed[article_id] = status
            self._tick(art["portal"])
            self._version += 1

    def break_portal(self, portal_id: str, status: int = 500) -> None:
        """Every page of the portal answers ``status`` (500, 502, 503...)."""
        self._set(portal_id, broken=status)

    def block_portal(self, portal_id: str, mode: str = "403") -> None:
        """Block crawlers: "403", "429" (with Retry-After) or "challenge" (a tiny 200 "access denied")."""
        if str(mode) not in BLOCK_MODES:
            raise ValueError(f"mode must be one of {BLOCK_MODES}")
        self._set(portal_id, blocked=str(mode))

    def change_layout(self, portal_id: str) -> None:
        """Serve article pages in a markup no family selector knows."""
        self._set(portal_id, layout=True)

    def hide_links(self, portal_id: str) -> None:
        """Home and listing pages become a script-only shell: no article link left to follow
        (feeds and sitemaps still work), as after a redesign that renders lists in the browser."""
        self._set(portal_id, no_links=True)

    def empty_articles(self, portal_id: str) -> None:
        """Article pages become a script-only shell: a 200 with neither title nor body to extract."""
        self._set(portal_id, empty_articles=True)

    def set_delay(self, portal_id: str, seconds: float) -> None:
        """Delay every response of the portal."""
        self._set(portal_id, delay=float(seconds))

    def heal(self, portal_id: str | None = None) -> None:
        """Undo break/block/layout/hidden links/empty articles/delay of one portal (or all)."""
        with self._lock:
            for pid in [portal_id] if portal_id else list(self._state):
                self._check(pid)
                self._state[pid] = {}

    def _set(self, portal_id: str, **state: object) -> None:
        with self._lock:
            self._check(portal_id)
            self._state[portal_id].update(state)

    def _check(self, portal_id: str) -> None:
        if portal_id not in self.portals:
            raise KeyError(f"unknown portal {portal_id!r} (known: {', '.join(self.portals)})")

    def _tick(self, portal_id: str) -> dt.datetime:
        # Whole seconds (HTTP dates have no finer grain), strictly increasing, so that a page changed
        # after a fetch is never answered 304 to that fetch's If-Modified-Since.
        now = dt.datetime.now(VN_TZ).replace(microsecond=0)
        self._last_tick = max(now, self._last_tick + dt.timedelta(seconds=1))
        self._changed[portal_id] = self._last_tick
        return self._last_tick

    # ---- state -----------------------------------------------------------------------------------
    def _raw_articles(self) -> dict[str, dict]:
        arts = {a["id"]: a for a in self.store.articles()}
        arts.update(self._added)
        return arts

    def _current(self, article_id: str) -> dict:
        arts = self._raw_articles()
        if article_id not in arts:
            raise KeyError(f"unknown article {article_id!r}")
        art = dict(arts[article_id])
        if article_id in self._edits:
            art.update(self._edits[article_id][0])
        return art

    def _views(self) -> list[tuple[dict, bool]]:
        """(prepared article, removed?) for every known article."""
        out = []
        for aid, raw in self._raw_articles().items():
            art = dict(raw)
            modified = art.pop("_published_now", None)
            if aid in self._edits:
                art.update(self._edits[aid][0])
                modified = self._edits[aid][1]
            if art.get("portal") not in self.portals:
                continue
            out.append((prepare_article(art, modified), aid in self._removed))
        return out

    def sites(self) -> dict[str, Site]:
        """The current Site of every portal (cached until content or a mutation changes)."""
        with self._lock:
            self.store.articles()
            key = (self.store.signature, self._version)
            if key == self._cache_key:
                return self._sites
            live: dict[str, list[dict]] = {pid: [] for pid in self.portals}
            gone: dict[str, dict] = {pid: {} for pid in self.portals}
            views = self._views()
            for pid, fam in self.families.items():
                dedupe_slugs(fam, [a for a, _ in views if a["portal"] == pid])
            for art, removed in views:
                fam = self.families[art["portal"]]
                if removed:
                    gone[art["portal"]][fam.article_path(art)] = (art, self._removed[art["id"]])
                else:
                    live[art["portal"]].append(art)
            sites = {}
            for pid, arts in live.items():
                site = Site(
                    self.portals[pid],
                    newest_first(arts),
                    removed=gone[pid],
                    changed_at=self._changed.get(pid),
                    base=self.base_urls[pid],
                )
                site.by_id = {a["id"]: a for a in site.articles}
                site.routes = self.families[pid].build_routes(site)
                sites[pid] = site
            self._sites, self._cache_key = sites, key
            return sites

    def url_of(self, article_id: str) -> str:
        """The absolute URL the replica serves an article at."""
        art = self._current(article_id)
        site = self.sites()[art["portal"]]
        view = site.by_id.get(article_id) or next(
            (a for a, _status in site.removed.values() if a["id"] == article_id), None
        )
        if view is None:
            raise KeyError(f"unknown article {article_id!r}")
        return site.base + self.families[art["portal"]].article_path(view)

    def truth(self) -> list[dict]:
        """Ground truth of the articles currently served (mutations included, removed ones left out)."""
        out = []
        for site in self.sites().values():
            fam = self.families[site.portal["id"]]
            for art in site.articles:
                out.append(truth_record(art, site.base + fam.article_path(art), site.portal))
        return sorted(out, key=lambda r: r["id"])

    def admin(self, action: str, payload: bytes) -> tuple[int, object]:
        """Run a mutation for the HTTP control endpoint: (status, JSON-able answer)."""
        if action not in ADMIN_ACTIONS:
            return 404, {"error": f"unknown action {action!r}", "actions": list(ADMIN_ACTIONS)}
        try:
            kwargs = json.loads(payload or b"{}")
            if not isinstance(kwargs, dict):
                raise ValueError("the body must be a JSON object of keyword arguments")
            result = getattr(self, action)(**kwargs)
        except (TypeError, ValueError, KeyError) as exc:
            return 400, {"error": str(exc)}
        return 200, {"ok": True, "result": result}

    # ---- answering -------------------------------------------------------------------------------
    def respond(self, portal_id: str, target: str, headers: dict[str, str]) -> Page:
        """The page for a request target of a portal, with the portal's faults applied."""
        with self._lock:
            state = dict(self._state[portal_id])
        if state.get("delay"):
            time.sleep(state["delay"])
        if state.get("broken"):
            status = int(state["broken"])
            return Page(
                status,
                "text/html; charset=utf-8",
                b"<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1>"
                b"<p>HTTP Error "
                + str(status).encode()
                + b". The service is unavailable.</p></body></html>",
            )
        if state.get("blocked"):
            return blocked_page(state["blocked"])
        site = self.sites()[portal_id]
        fam = self.families[portal_id]
        path = urlsplit(target).path
        route = site.routes.get(route_key(target))
        if route is None and "?" in target:
            # Unknown parameters (utm_source, fbclid...) are ignored on pages that take none.
            plain = site.routes.get(path)
            if plain and plain.kind in ("article", "home", "search", "admin", "tag", "day"):
                route = plain
        if route is None:
            if path.lower().endswith(IMAGE_EXTS):
                return Page(200, "image/png", TINY_PNG)
            route = fam.route_pattern(site, path, target) if hasattr(fam, "route_pattern") else None
        if route is None:
            body = fam.render_simple(
                site, "404 - Không tìm thấy trang", "Trang bạn yêu cầu không tồn tại."
            )
            return Page(404, "text/html; charset=utf-8", body.encode())
        if (state.get("no_links") and route.kind in ("home", "listing")) or (
            state.get("empty_articles") and route.kind == "article"
        ):
            return script_shell(site.portal["name"])
        page = fam.render(site, route, layout_changed=bool(state.get("layout")))
        return conditional(page, headers)

    def _log(self, pid: str, method: str, path: str, status: int, headers: dict) -> None:
        with self._log_lock:
            self.request_log.append((pid, method, path, status, headers))


def start_replica(
    port: int = DEFAULT_PORT,
    *,
    content_dir: Path | str = ARTICLES_DIR,
    portals_file: Path | str = PORTALS_FILE,
) -> Replica:
    """Start serving every portal of ``portals_file`` (port 0: a free port shared by all hosts)."""
    return Replica(port, content_dir=content_dir, portals_file=portals_file)
