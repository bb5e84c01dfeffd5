"""Vietnamese first, English on request: `?lang=en` (remembered in a cookie) or `?lang=vi`."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, parse_qsl, urlencode

from datasette import hookimpl

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
COOKIE = "govmon_lang"


def _from_query(query_string: bytes) -> str | None:
    values = parse_qs(query_string.decode("latin-1")).get("lang") or []
    return values[-1] if values and values[-1] in LANGUAGES else None


def _from_cookie(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the browser's problem, not a 500
                return None
            if COOKIE in cookie and cookie[COOKIE].value in LANGUAGES:
                return cookie[COOKIE].value
    return None


def language(request) -> str:
    """The page language: ?lang=, else the cookie, else Vietnamese."""
    if request is None:
        return DEFAULT_LANGUAGE
    scope = request.scope
    return (
        _from_query(scope.get("query_string", b""))
        or _from_cookie(scope.get("headers") or [])
        or DEFAULT_LANGUAGE
    )


def translator(lang: str):
    """``tr(vietnamese, english)``: the text in ``lang``; both sit side by side in templates."""

    def tr(vietnamese: str, english: str) -> str:
        return english if lang == "en" else vietnamese

    return tr


@hookimpl
def extra_template_vars(request):
    lang = language(request)
    return {"lang": lang, "tr": translator(lang), "lang_switch_href": switch_href(request, lang)}


def switch_href(request, lang: str) -> str:
    """This page in the other language: the same address with ``lang`` swapped."""
    other = "vi" if lang == "en" else "en"
    if request is None:
        return f"?lang={other}"
    pairs = parse_qsl(
        request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    )
    pairs = [(k, v) for k, v in pairs if k != "lang"] + [("lang", other)]
    return request.path + "?" + urlencode(pairs)


@hookimpl
def asgi_wrapper(datasette):
    """Remember an explicit ?lang= choice in a cookie, so links without it keep the language."""

    def wrap(app):
        async def with_language(scope, receive, send):
            chosen = (
                _from_query(scope.get("query_string", b"")) if scope["type"] == "http" else None
            )
            if chosen is None:
                return await app(scope, receive, send)

            async def send_with_cookie(message):
                if message["type"] == "http.response.start":
                    cookie = f"{COOKIE}={chosen}; Path=/; Max-Age=31536000; SameSite=Lax"
                    headers = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
                    message = {**message, "headers": headers}
                await send(message)

            return await app(scope, receive, send_with_cookie)

        return with_language

    return wrap
