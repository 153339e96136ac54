"""Domain dicts -> the vendor's JSON: absolute links, every list's page (the Asset Manager's search-after pages, the
product side's offset and cursor pages), empty upsert answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from connexion import request
from connexion.lifecycle import ConnexionResponse
from starlette.requests import Request
from starlette.types import Scope

from mock_server.domain.pagination import OffsetPage, Page, Paging

API_ROOT = "/api/rest/v1"
# Symfony's UrlGenerator leaves these unescaped in query strings.
_QUERY_SAFE = "/?@:!;,*"

# WIRE-KEY-ORDER: the vendor's normalizers write keys in this order (ConnectorAssetFamily::normalize,
# ConnectorTransformation::normalize); JSON objects are unordered, but clients diffing raw answers are not.
FAMILY_KEY_ORDER = (
    "code",
    "labels",
    "attribute_as_main_media",
    "product_link_rules",
    "transformations",
    "naming_convention",
)
TRANSFORMATION_KEY_ORDER = ("label", "source", "target", "operations", "filename_prefix", "filename_suffix")


_BASE_KEY = "mock_base_url"  # the request's base URL, worked out once per request (a page writes 100 links)


def base_url(scope: Scope | None = None) -> str:
    """The request's base URL, without a final slash: the host the client called (or the X-Forwarded-* one).
    `scope` is the request's outside a handler (api/http/hot_reads.py), else Connexion's current request."""
    scope = request.scope if scope is None else scope
    base = scope.get(_BASE_KEY)
    if base is None:
        base = scope[_BASE_KEY] = str(Request(scope).base_url).rstrip("/")
    return base


def absolute(path: str, base: str | None = None) -> str:
    """An absolute URL on the host the client called (clients follow hrefs verbatim); a list passes `base`, read
    once for its page."""
    return f"{base or base_url()}{path}"


def in_order(resource: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """The same keys, those of `order` first and in that order, any other after them as they were."""
    return {
        **{key: resource[key] for key in order if key in resource},
        **{k: v for k, v in resource.items() if k not in order},
    }


def asset_family(resource: dict[str, Any]) -> dict[str, Any]:
    """An asset family with its keys, and its transformations' keys, in the vendor's order."""
    family = in_order(resource, FAMILY_KEY_ORDER)
    if isinstance(family.get("transformations"), list):
        family["transformations"] = [
            in_order(t, TRANSFORMATION_KEY_ORDER) if isinstance(t, dict) else t for t in family["transformations"]
        ]
    return family


def path_of(*segments: str) -> str:
    return API_ROOT + "".join("/" + quote(segment, safe="") for segment in segments)


def with_self_link(resource: dict[str, Any], path: str, base: str | None = None) -> dict[str, Any]:
    return {"_links": {"self": {"href": absolute(path, base)}}, **resource}


# LIST-LINKS: absolute self and first, next only while more follow, the same shape when empty
def search_after_page(
    items: list[dict[str, Any]],
    list_path: str,
    next_cursor: str | None,
    query: dict[str, Any],
    base: str | None = None,
) -> dict[str, Any]:
    """A search-after page: self, first, and next unless this is the last page; items as given. Query values are
    escaped as the vendor's router does (LIST-LINKS-SEARCH-UNESCAPED: RFC 3986, `:` and `,` of `search` kept)."""
    kept = {k: v for k, v in query.items() if v is not None and k != "search_after"}

    def href(cursor: str | None) -> dict[str, str]:
        params = {**kept, **({"search_after": cursor} if cursor else {})}
        encoded = "&".join(f"{name}={quote(str(value), safe=_QUERY_SAFE)}" for name, value in params.items())
        return {"href": absolute(list_path, base) + (f"?{encoded}" if encoded else "")}

    links = {"self": href(query.get("search_after")), "first": href(None)}
    if next_cursor:
        links["next"] = href(next_cursor)
    return {"_links": links, "_embedded": {"items": items}}


Json = dict[str, Any]


def _query_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _href(path: str, params: dict[str, Any]) -> Json:
    kept = {key: _query_text(value) for key, value in params.items() if value is not None}
    return {"href": absolute(path) + (f"?{urlencode(kept)}" if kept else "")}


def by_code(*segments: str) -> Callable[[Json], str]:
    """The path of a listed item named by its code under `segments`."""
    return lambda item: path_of(*segments, item["code"])


def catalog_page(
    cut: OffsetPage | Page,
    paging: Paging,
    *,
    path: str,
    query: dict[str, Any],
    item_path: Callable[[Json], str],
    present: Callable[[Json], Json] = lambda item: item,
    with_count: bool = False,
) -> Json:
    """A product-side page, as the services cut it for `paging`: by offset (`_links` self/first/previous/next,
    `current_page`, `items_count` on demand) or by search-after cursor (`_links` self/first/next only)."""
    items = {"items": [with_self_link(present(item), item_path(item)) for item in cut.items]}
    if isinstance(cut, Page):
        base = {"pagination_type": "search_after", "limit": paging.limit, **query}
        links = {"self": _href(path, {**base, "search_after": paging.search_after}), "first": _href(path, base)}
        if cut.next_cursor:
            links["next"] = _href(path, {**base, "search_after": cut.next_cursor})
        return {"_links": links, "_embedded": items}
    extra = {**query, "with_count": True if with_count else None}

    def link(number: int) -> Json:
        return _href(path, {"page": number, "limit": paging.limit, **extra})

    links = {"self": link(paging.page), "first": link(1)}
    if paging.page > 1:
        links["previous"] = link(paging.page - 1)
    if cut.has_next:
        links["next"] = link(paging.page + 1)
    body: Json = {"_links": links, "current_page": paging.page}
    if with_count:
        body["items_count"] = cut.total
    body["_embedded"] = items
    return body


# FAM-UPSERT, ATTR-UPSERT, OPT-UPSERT, ASSET-UPSERT-CREATE, ASSET-UPSERT-UPDATE, WIRE-EMPTY-UPSERT-BODY,
# WIRE-LOCATION-ABSOLUTE: every upsert's answer (the services say created or not; absolute() builds the URL)
def upserted(created: bool, location_path: str) -> ConnexionResponse:
    """201 when the PATCH created the resource, 204 when it updated it; both with Location and no body."""
    return ConnexionResponse(status_code=201 if created else 204, headers={"Location": absolute(location_path)})


def created(path: str) -> ConnexionResponse:
    """A POST's answer: 201 with Location and no body."""
    return upserted(True, path)
