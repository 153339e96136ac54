"""akeneo-conformance replay PATH [--target URL]: send a recorded cassette to a server, report what it answers otherwise.

The cassette comes from `akeneo-mock proxy --record` (akeneo_contract/cassette.py). The target is --target, else
AKENEO_BASE_URL, else http://127.0.0.1:8080 (the mock's default address), with the AKENEO_* credentials; it is a
conformance Target, so the run gets what a Target does (a tenant of its own on the mock). Recorded token calls are
sent with the target's credentials (the password grant with its user, the refresh grant with the replay's current
refresh token); later calls carry the replay's current access token. Codes the recorded server generated (media
files: Asset-media-file-code) are mapped to the target's in later requests and in the comparison
(replay_normalise.py says what is normalised and compared).

Output: one line per difference (exchange number, method, path, what differs, recorded vs got) and a summary line.
Exit statuses: 0 nothing differs; 1 something does; 2 the cassette or the target is unusable (one line).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from akeneo_contract.cassette import TOKEN_PATH, Cassette, CassetteError, decode_body, media_type, read_cassette
from conformance.preflight import check_target
from conformance.replay_normalise import Answer, Difference, Normaliser, compare
from conformance.target import Target, TargetError

DIFFERENT, UNUSABLE = 1, 2
MEDIA_FILES_PATH = "/api/rest/v1/asset-media-files"
MAX_PER_EXCHANGE = 20  # difference lines shown per exchange (a page of other items would flood the output)
SHOWN_VALUE = 120  # characters of a value shown in a difference line
SKIPPED_HEADERS = frozenset({"authorization", "content-length", "host"})


class Replayer:
    """Sends a cassette's exchanges in order to an open Target and collects the differences, per exchange."""

    def __init__(self, cassette: Cassette, target: Target) -> None:
        self.cassette = cassette
        self.target = target
        self.client = target.anonymous_client()  # replay sets Authorization itself, as the recording did
        self.normaliser = Normaliser(cassette.upstream, target.base_url)
        self.access: str | None = None
        self.refresh: str | None = None

    def run(self) -> list[tuple[dict[str, Any], list[Difference]]]:
        results = []
        for exchange in self.cassette.exchanges:
            results.append((exchange, self.replay(exchange)))
        return results

    def replay(self, exchange: dict[str, Any]) -> list[Difference]:
        request, recorded = exchange["request"], exchange["response"]
        path, query = request["path"], request.get("query") or ""
        headers = {k: v for k, v in request.get("headers", {}).items() if k.lower() not in SKIPPED_HEADERS}
        body = decode_body(request.get("body"))
        is_token = path.rstrip("/").endswith(TOKEN_PATH)
        if is_token:
            body, auth = self._token_request(body, headers.get("content-type"), request.get("headers", {}))
        else:
            body = self._mapped_body(body, request)
            path, query = self.normaliser.to_target(path), self.normaliser.to_target(query)
            auth = self._bearer() if "authorization" in request.get("headers", {}) else None
        if auth:
            headers["Authorization"] = auth
        url = path + (f"?{query}" if query else "")
        response = self.client.request(request["method"], url, headers=headers, content=body)
        got = Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.content)
        if is_token and response.status_code == 200:
            self._keep_tokens(response.content)
        self._learn_codes(request, recorded, got)
        recorded_answer = Answer(recorded["status"], recorded.get("headers", {}), decode_body(recorded.get("body")))
        return compare(recorded_answer, got, self.normaliser)

    # -- tokens ------------------------------------------------------------------------------------------------------
    def _token_request(self, body: bytes, content_type: str | None, recorded_headers: dict[str, str]) -> tuple:
        """The recorded token call's body with the target's credentials, and its Authorization header."""
        form = media_type(content_type) == "application/x-www-form-urlencoded"
        fields = _form_or_json(body, form)
        credentials = self.target.credentials
        grant = fields.get("grant_type")
        if grant == "password":
            fields.update(username=credentials.username, password=credentials.password)
        elif grant == "refresh_token":
            fields["refresh_token"] = self.refresh or ""
        if "client_id" in fields:
            fields.update(client_id=credentials.client_id, client_secret=credentials.client_secret)
        auth = credentials.basic if recorded_headers.get("authorization", "").lower().startswith("basic") else None
        encoded = urlencode(fields) if form else json.dumps(fields)
        return encoded.encode("utf-8"), auth

    def _keep_tokens(self, raw: bytes) -> None:
        try:
            data = json.loads(raw)
        except ValueError:
            return
        if isinstance(data, dict) and isinstance(data.get("access_token"), str):
            self.access, self.refresh = data["access_token"], data.get("refresh_token")

    def _bearer(self) -> str:
        if self.access is None:  # a cassette that starts after its token call: the target's own grant
            self.access = self.target.tokens.access_token()
        return f"Bearer {self.access}"

    # -- generated codes ---------------------------------------------------------------------------------------------
    def _mapped_body(self, body: bytes, request: dict[str, Any]) -> bytes:
        if not body or "text" not in (request.get("body") or {}):
            return body  # binary (multipart uploads) is sent byte for byte
        text = body.decode("utf-8")
        mapped = self.normaliser.to_target(text)
        escaped = {k.replace("/", "\\/"): v.replace("/", "\\/") for k, v in self.normaliser.codes.items()}
        if escaped:  # a JSON body may write a code's slashes as \/
            mapped = Normaliser("", "", escaped).to_target(mapped)
        return mapped.encode("utf-8")

    def _learn_codes(self, request: dict[str, Any], recorded: dict[str, Any], got: Answer) -> None:
        if request["method"].upper() != "POST" or not request["path"].rstrip("/").endswith(MEDIA_FILES_PATH):
            return
        before = recorded.get("headers", {}).get("asset-media-file-code")
        after = got.headers.get("asset-media-file-code")
        if before and after:
            self.normaliser.learn(before, after)


def _form_or_json(body: bytes, form: bool) -> dict[str, Any]:
    if form:
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _shown(value: Any) -> str:
    if isinstance(value, bytes):
        value = base64.b64encode(value).decode()
    text = value if isinstance(value, str) and value.startswith("(") else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 3] + "..."


def difference_lines(results: list[tuple[dict[str, Any], list[Difference]]]) -> list[str]:
    lines = []
    for exchange, differences in results:
        request = exchange["request"]
        where = f"#{exchange.get('seq', '?')} {request['method']} {request['path']}"
        for difference in differences[:MAX_PER_EXCHANGE]:
            lines.append(
                f"{where}: {difference.what}: recorded {_shown(difference.recorded)}, got {_shown(difference.got)}"
            )
        if len(differences) > MAX_PER_EXCHANGE:
            lines.append(f"{where}: ... and {len(differences) - MAX_PER_EXCHANGE} more differences")
    return lines


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="akeneo-conformance replay", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    cli.add_argument("path", metavar="PATH", help="the cassette (akeneo-mock proxy --record PATH)")
    cli.add_argument(
        "--target", help="base URL of the server to replay against (default: AKENEO_BASE_URL, else the mock's)"
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cassette = read_cassette(args.path)
        if not cassette.exchanges:
            raise CassetteError(f"{args.path}: the cassette holds no exchange")
        target = Target.from_env(base_url=args.target)
    except (CassetteError, ValueError) as exc:
        print(f"akeneo-conformance replay: {exc}", file=sys.stderr)
        return UNUSABLE
    try:
        with target:
            check_target(target)  # unreachable, refusing the credentials, not an Akeneo API: one line, exit 2
            results = Replayer(cassette, target).run()
    except (TargetError, httpx.HTTPError) as exc:
        message = _one_line(exc)
        where = "" if message.startswith(target.label) else f"{target.label}: "
        print(f"akeneo-conformance replay: {where}{message}", file=sys.stderr)
        return UNUSABLE
    lines = difference_lines(results)
    for line in lines:
        print(line)
    differing = sum(1 for _, differences in results if differences)
    total = sum(len(differences) for _, differences in results)
    print(
        f"replay: {len(results)} exchanges against {target.label}: "
        + (f"{total} differences in {differing} exchanges" if total else "no difference")
    )
    return DIFFERENT if total else 0


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
