"""Response mutants: the mock unchanged, its answers altered on the way out (status, headers, body)."""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from mutation.mutants.machinery import API, Exchange, Mutant, response

ANY_API_PATH = rf"{API}(/.*)?"
SINGLE_RESOURCE_PATCH = [
    ("PATCH", rf"{API}/asset-families/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/attributes/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/attributes/[^/]+/options/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/assets/[^/]+"),
]


def _update_answers_201(exchange: Exchange) -> None:
    if exchange.status == 204:
        exchange.status = 201


def _create_answers_204(exchange: Exchange) -> None:
    if exchange.status == 201:
        exchange.status = 204


def _delete_answers_200(exchange: Exchange) -> None:
    if exchange.status == 204:
        exchange.status = 200


def _drop_location(exchange: Exchange) -> None:
    if exchange.status in (201, 204):
        exchange.drop_header("location")


def _drop_media_file_code(exchange: Exchange) -> None:
    exchange.drop_header("asset-media-file-code")


def _problem_json(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status >= 400 and isinstance(body, dict) and "message" in body:
        problem = {
            "type": "about:blank",
            "title": HTTPStatus(exchange.status).phrase,
            "status": exchange.status,
            "detail": body["message"],
        }
        exchange.set_json(problem, "application/problem+json")


def _drop_errors_list(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status == 422 and isinstance(body, dict) and "errors" in body:
        exchange.set_json({key: value for key, value in body.items() if key != "errors"})


def _drop_item_self_links(exchange: Exchange) -> None:
    body = exchange.json()
    items = body.get("_embedded", {}).get("items") if isinstance(body, dict) else None
    if exchange.status != 200 or not isinstance(items, list):
        return
    for listed in items:
        links = listed.get("_links") if isinstance(listed, dict) else None
        if isinstance(links, dict):
            links.pop("self", None)
            if not links:
                del listed["_links"]
    exchange.set_json(body)


def _relative_next(exchange: Exchange) -> None:
    body = exchange.json()
    links = body.get("_links") if isinstance(body, dict) else None
    following = links.get("next") if isinstance(links, dict) else None
    if isinstance(following, dict) and isinstance(following.get("href"), str):
        parts = urlsplit(following["href"])
        following["href"] = parts.path + (f"?{parts.query}" if parts.query else "")
        exchange.set_json(body)


def _trailing_newline(exchange: Exchange) -> None:
    if exchange.json() is not None:
        exchange.body += b"\n"


def _drop_one_value(exchange: Exchange) -> None:
    body = exchange.json()
    values = body.get("values") if isinstance(body, dict) else None
    if exchange.status == 200 and isinstance(values, dict) and values:
        del values[sorted(values)[0]]
        exchange.set_json(body)


def _download_as_octet_stream(exchange: Exchange) -> None:
    if exchange.status == 200:
        exchange.set_header("content-type", "application/octet-stream")


def _generic_415(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status == 415 and isinstance(body, dict):
        exchange.set_json({**body, "message": "Unsupported Media Type"})


def _plain_401(exchange: Exchange) -> None:
    if exchange.status == 401:
        exchange.body = b"Unauthorized"
        exchange.set_header("content-type", "text/plain; charset=utf-8")


RESPONSE_MUTANTS: tuple[Mutant, ...] = (
    response(
        "update_answers_201",
        "upserts",
        "a PATCH that updates an existing asset manager resource answers 201 instead of 204",
        SINGLE_RESOURCE_PATCH,
        _update_answers_201,
        catch="PATCH an existing resource: 204",
    ),
    response(
        "create_answers_204",
        "upserts",
        "every create answers 204 instead of 201 (single upserts, media uploads), its body and Location kept",
        [("*", ANY_API_PATH)],
        _create_answers_204,
        catch="a create answers 201; the other rules read 'not run: set-up failed' rather than failing",
    ),
    response(
        "delete_answers_200",
        "deletes",
        "every DELETE answers 200 instead of 204 (its empty body kept)",
        [("DELETE", ANY_API_PATH)],
        _delete_answers_200,
        catch="a delete answers 204; the rules that delete on the way read 'not run: set-up failed' rather than failing",
    ),
    response(
        "location_header_dropped",
        "upserts",
        "the Location header is missing from the 201/204 answers of single-resource PATCHes",
        SINGLE_RESOURCE_PATCH,
        _drop_location,
        catch="PATCH answers (201 and 204) carry Location with the resource's absolute URL",
    ),
    response(
        "media_file_code_header_dropped",
        "asset media files",
        "the upload answer has no Asset-media-file-code header",
        [("POST", rf"{API}/asset-media-files")],
        _drop_media_file_code,
        catch="the upload answer carries Asset-media-file-code",
    ),
    response(
        "errors_as_problem_json",
        "errors",
        "error answers use application/problem+json (type/title/status/detail) instead of Akeneo's code/message",
        [("*", ANY_API_PATH), ("*", r"/api/oauth/v1/token")],
        _problem_json,
        catch="every error is application/json with `code` and `message`",
    ),
    response(
        "errors_list_dropped",
        "errors",
        "422 answers lose their `errors` list (the properties at fault)",
        [("*", ANY_API_PATH)],
        _drop_errors_list,
        catch="a 422 on a property lists it in `errors`",
    ),
    response(
        "list_item_self_link_dropped",
        "lists",
        "the items of list pages lose their _links.self",
        [("GET", ANY_API_PATH)],
        _drop_item_self_links,
        catch="each list item has _links.self.href",
    ),
    response(
        "json_trailing_newline",
        "wire format",
        "every JSON answer ends with a newline (the published akeneo-api-client splits batch answers on newlines)",
        [("*", ANY_API_PATH)],
        _trailing_newline,
        catch="a JSON answer is compact JSON with no trailing newline",
    ),
    response(
        "next_link_relative",
        "pagination",
        "_links.next.href of list pages is a relative URL",
        [("GET", ANY_API_PATH)],
        _relative_next,
        catch="_links.next.href is an absolute URL",
    ),
    response(
        "asset_get_value_dropped",
        "assets",
        "GET of one asset leaves out one of its values (the first attribute in code order)",
        [("GET", rf"{API}/asset-families/[^/]+/assets/[^/]+")],
        _drop_one_value,
        catch="GET of an asset shows every value saved",
    ),
    response(
        "download_content_type_changed",
        "asset media files",
        "a media file download answers Content-Type application/octet-stream instead of the file's type",
        [("GET", rf"{API}/asset-media-files/.+")],
        _download_as_octet_stream,
        catch="a download's Content-Type is the uploaded file's type",
    ),
    response(
        "unsupported_media_type_message_changed",
        "errors",
        "415 answers say 'Unsupported Media Type' instead of naming the Content-Type received and expected",
        [("*", ANY_API_PATH), ("*", r"/api/oauth/v1/token")],
        _generic_415,
        catch="a 415 names the Content-Type received and the one expected",
    ),
    response(
        "unauthorized_body_not_json",
        "authentication",
        "401 answers have a text/plain body instead of Akeneo's JSON {code, message}",
        [("*", ANY_API_PATH)],
        _plain_401,
        catch="a 401 is JSON with `code` and `message`",
    ),
)
