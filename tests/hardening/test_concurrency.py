"""Issue #13, concurrency: 50 clients writing at once and readers walking the lists, through the real HTTP server
(uvicorn on a loopback port); the background automation queue under concurrent writes, and its bound.

Rules proven here (grep the ids):
- CONCURRENCY-NO-LOST-UPDATE: each writer owns one value (an asset attribute, an option's or an attribute's label,
  a media value) of shared resources and writes it round after round, waiting for each answer: the final state
  holds every writer's last acknowledged write (the vendor's merge per attribute, locale and channel).
- CONCURRENCY-WALK: a walk of the asset list by its `next` links, while assets are created and deleted around it,
  returns every asset that existed throughout the walk exactly once.
- CONCURRENCY-NO-500: no answer of the mock is a 5xx (the queue's documented 503 apart, in its own test).
- AUTOMATION-NO-DROP: every background job queued by concurrent writes runs, pauses and resumes included.
- CONCURRENCY-CLIENT-GONE: a client that hangs up in the middle of its upload is logged as such, not as a bug.
- AUTOMATION-QUEUE-BOUND: a write that would queue a job beyond Settings.automation_queue_size answers 503 with
  Retry-After and stores nothing; once the queue has run, every queued job ran and the write goes through.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from fixtures.catalog import load_start
from fixtures.images import picture
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.e2e.conftest import running_mock
from tests.support import BASIC, FAMILIES, MEDIA, PASSWORD_GRANT, TOKEN, serving

FAMILY = "concurrency"
SHARED = [f"shared_{n:02d}" for n in range(8)]  # every writer writes its own value on each of these
FILLERS = [f"filler_{n:03d}" for n in range(30)]  # exist throughout the walks
ROUNDS = 3
SINGLE, BATCH, OPTIONS, ATTRIBUTES, MEDIA_WRITERS, READERS = 24, 10, 6, 4, 6, 6
assert SINGLE + BATCH + OPTIONS + ATTRIBUTES + MEDIA_WRITERS == 50  # the 50 concurrent writers
DEADLINE_S = 60.0  # a bound on polls, never a duration the test waits for


def _value(data: Any) -> list[dict[str, Any]]:
    return [{"locale": None, "channel": None, "data": data}]


def _data(asset: dict[str, Any], attribute: str) -> Any:
    entries = [entry["data"] for entry in asset["values"].get(attribute, []) if entry["locale"] is None]
    return entries[0] if entries else None


class Api:
    """One authenticated httpx client shared by every coroutine; each answer's status is recorded (NO-500)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.statuses: Counter[int] = Counter()

    async def call(self, method: str, url: str, expected: tuple[int, ...] = (200, 201, 204), **kw: Any) -> Any:
        response = await self.client.request(method, url, **kw)
        self.statuses[response.status_code] += 1
        assert response.status_code in expected, f"{method} {url}: {response.status_code} {response.text[:300]}"
        return response


@asynccontextmanager
async def _authenticated(base: str) -> AsyncIterator[Api]:
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends them: a request sent on a connection the
    # server is closing at that very moment fails on the client side (the usual keep-alive race), whatever the mock.
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=DEADLINE_S) as client:
        token = await client.post(TOKEN, json=PASSWORD_GRANT, headers={"Authorization": BASIC})
        assert token.status_code == 200, token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield Api(client)


async def _walk(api: Api, family: str) -> list[str]:
    """The codes of a walk of the asset list, page by page through `_links.next.href`."""
    codes: list[str] = []
    url: str | None = f"{FAMILIES}/{family}/assets"
    while url:
        page = (await api.call("GET", url, (200,))).json()
        codes += [item["code"] for item in page["_embedded"]["items"]]
        url = page["_links"].get("next", {}).get("href")
    return codes


# -- 50 writers and the readers ----------------------------------------------------------------------------------


async def _set_up(api: Api) -> None:
    await api.call("PATCH", f"{FAMILIES}/{FAMILY}", json={"code": FAMILY, "labels": {"en_US": "Concurrency"}})
    attributes = [(f"s{i:02d}", "text") for i in range(SINGLE)] + [(f"b{j:02d}", "text") for j in range(BATCH)]
    attributes += [(f"m{k:02d}", "media_file") for k in range(MEDIA_WRITERS)] + [("color", "single_option")]
    for code, kind in attributes:
        body: dict[str, Any] = {"code": code, "type": kind, "value_per_locale": False, "value_per_channel": False}
        if kind == "media_file":
            body["media_type"] = "image"
        await api.call("PATCH", f"{FAMILIES}/{FAMILY}/attributes/{code}", json=body)
    entries = [{"code": code, "values": {}} for code in SHARED + FILLERS]
    await api.call("PATCH", f"{FAMILIES}/{FAMILY}/assets", json=entries)


async def _single_writer(api: Api, i: int) -> None:
    for r in range(ROUNDS):
        for code in SHARED:
            body = {"code": code, "values": {f"s{i:02d}": _value(f"s{i} r{r}")}}
            await api.call("PATCH", f"{FAMILIES}/{FAMILY}/assets/{code}", json=body)


async def _batch_writer(api: Api, j: int) -> None:
    """A batch on every shared asset plus one new asset per round; the previous round's new asset is deleted."""
    for r in range(ROUNDS):
        entries = [{"code": code, "values": {f"b{j:02d}": _value(f"b{j} r{r}")}} for code in SHARED]
        entries.append({"code": f"transient_{j:02d}_{r}", "values": {f"b{j:02d}": _value("new")}})
        lines = (await api.call("PATCH", f"{FAMILIES}/{FAMILY}/assets", json=entries)).json()
        assert [line["status_code"] for line in lines] == [204] * len(SHARED) + [201], lines
        if r:
            await api.call("DELETE", f"{FAMILIES}/{FAMILY}/assets/transient_{j:02d}_{r - 1}")


async def _option_writer(api: Api, k: int) -> None:
    for r in range(ROUNDS):
        for n in range(3):
            option = f"o{k}_{n}"
            body = {"code": option, "labels": {"en_US": f"o{k} r{r}"}}
            await api.call("PATCH", f"{FAMILIES}/{FAMILY}/attributes/color/options/{option}", json=body)


async def _attribute_writer(api: Api, k: int) -> None:
    """Labels of the text attributes the single writers write values of, at the same time."""
    for r in range(ROUNDS):
        for i in range(k, SINGLE, ATTRIBUTES):
            body = {"code": f"s{i:02d}", "labels": {"en_US": f"a{k} r{r}"}}
            await api.call("PATCH", f"{FAMILIES}/{FAMILY}/attributes/s{i:02d}", json=body)


async def _media_writer(api: Api, k: int, last: dict[int, str]) -> None:
    code = SHARED[k % len(SHARED)]
    for r in range(ROUNDS):
        image = picture(16 + k, 12 + r, (10 * k, 20 * r, 90))
        files = {"file": (f"m{k}_r{r}.png", image, "image/png")}
        uploaded = await api.call("POST", MEDIA, (201,), files=files)
        media_code = uploaded.headers["Asset-media-file-code"]
        body = {"code": code, "values": {f"m{k:02d}": _value(media_code)}}
        await api.call("PATCH", f"{FAMILIES}/{FAMILY}/assets/{code}", json=body)
        last[k] = media_code


async def _reader(api: Api, writing: asyncio.Event, walks: list[list[str]]) -> None:
    """CONCURRENCY-WALK: walks until the writers are done (at least one walk)."""
    while True:
        walks.append(await _walk(api, FAMILY))
        if not writing.is_set():
            return


async def _fifty_writers(base: str) -> None:
    async with _authenticated(base) as api:
        await _set_up(api)
        last_media: dict[int, str] = {}
        walks: list[list[str]] = []
        writing = asyncio.Event()
        writing.set()
        writers: list[Awaitable[None]] = [_single_writer(api, i) for i in range(SINGLE)]
        writers += [_batch_writer(api, j) for j in range(BATCH)]
        writers += [_option_writer(api, k) for k in range(OPTIONS)]
        writers += [_attribute_writer(api, k) for k in range(ATTRIBUTES)]
        writers += [_media_writer(api, k, last_media) for k in range(MEDIA_WRITERS)]

        async def all_writers() -> None:
            try:
                await asyncio.gather(*writers)
            finally:
                writing.clear()

        await asyncio.gather(all_writers(), *(_reader(api, writing, walks) for _ in range(READERS)))

        # CONCURRENCY-WALK: each walk holds the assets that existed throughout it exactly once, in the list's order.
        for codes in walks:
            assert [code for code, seen in Counter(codes).items() if seen > 1] == []
            assert set(SHARED + FILLERS) <= set(codes)
            assert codes == sorted(codes, key=str.lower)
        # CONCURRENCY-NO-LOST-UPDATE: every writer's last acknowledged value is there.
        for code in SHARED:
            asset = (await api.call("GET", f"{FAMILIES}/{FAMILY}/assets/{code}", (200,))).json()
            assert {f"s{i:02d}": _data(asset, f"s{i:02d}") for i in range(SINGLE)} == {
                f"s{i:02d}": f"s{i} r{ROUNDS - 1}" for i in range(SINGLE)
            }
            assert {f"b{j:02d}": _data(asset, f"b{j:02d}") for j in range(BATCH)} == {
                f"b{j:02d}": f"b{j} r{ROUNDS - 1}" for j in range(BATCH)
            }
            owners = [k for k in range(MEDIA_WRITERS) if SHARED[k % len(SHARED)] == code]
            assert {k: _data(asset, f"m{k:02d}") for k in owners} == {k: last_media[k] for k in owners}
        for k in range(OPTIONS):
            for n in range(3):
                option = (await api.call("GET", f"{FAMILIES}/{FAMILY}/attributes/color/options/o{k}_{n}")).json()
                assert option["labels"] == {"en_US": f"o{k} r{ROUNDS - 1}"}
        for i in range(SINGLE):
            attribute = (await api.call("GET", f"{FAMILIES}/{FAMILY}/attributes/s{i:02d}")).json()
            assert attribute["labels"] == {"en_US": f"a{i % ATTRIBUTES} r{ROUNDS - 1}"}
        # The final list: the transient assets of the last round only, nothing lost, nothing twice.
        transients = [f"transient_{j:02d}_{ROUNDS - 1}" for j in range(BATCH)]
        assert await _walk(api, FAMILY) == sorted(SHARED + FILLERS + transients, key=str.lower)
        assert [status for status in api.statuses if status >= 500] == []  # CONCURRENCY-NO-500


def test_fifty_concurrent_writers_lose_no_update_and_walks_skip_nothing() -> None:
    """CONCURRENCY-NO-LOST-UPDATE, CONCURRENCY-WALK, CONCURRENCY-NO-500 through the real HTTP server."""
    app = create_app(settings=Settings(page_size=7, validate_responses=True), start_catalog=load_start)
    with serving(app) as base:
        asyncio.run(_fifty_writers(base))


# -- background automation: no job dropped, the queue bounded ---------------------------------------------------


async def _until(check: Callable[[], Awaitable[bool]]) -> None:
    """Poll `check` until it holds, within DEADLINE_S (a bound, not a wait)."""
    end = time.monotonic() + DEADLINE_S
    while not await check():
        assert time.monotonic() < end, "the condition did not hold before the deadline"
        await asyncio.sleep(0.02)  # between polls of the server's state, not in place of it


async def _automation(api: Api) -> dict[str, Any]:
    return (await api.call("GET", "/mock/automation", (200,))).json()


async def _settled(api: Api) -> None:
    """Resume the queue and poll until it is empty."""
    await api.call("PUT", "/mock/automation", (200,), json={"paused": False})

    async def empty() -> bool:
        return (await _automation(api))["jobs_pending"] == 0

    await _until(empty)


async def _upload(api: Api, name: str, shade: int) -> str:
    files = {"file": (name, picture(24, 18, (shade, 40, 200 - shade)), "image/png")}
    return (await api.call("POST", MEDIA, (201,), files=files)).headers["Asset-media-file-code"]


async def _packshot(api: Api, code: str, media_code: str, expected: tuple[int, ...] = (201, 204)) -> httpx.Response:
    body = {"code": code, "values": {"main_image": _value(media_code)}}
    return await api.call("PATCH", f"{FAMILIES}/packshots/assets/{code}", expected, json=body)


async def _light_packshots(api: Api) -> None:
    """The packshots family without its "Resize print" (a 2500 px image per job): the jobs stay cheap."""
    family = (await api.call("GET", f"{FAMILIES}/packshots", (200,))).json()
    light = [t for t in family["transformations"] if t["label"] != "Resize print"]
    assert len(light) == 2
    await api.call("PATCH", f"{FAMILIES}/packshots", (204,), json={"code": "packshots", "transformations": light})


async def _events(api: Api, code: str) -> Counter[str]:
    found = (await api.call("GET", "/mock/automation-events", (200,), params={"asset_code": code})).json()
    return Counter(event["kind"] for event in found)


async def _no_job_dropped(base: str) -> None:
    async with _authenticated(base) as api:
        await _light_packshots(api)
        writers = 20

        async def writer(w: int) -> None:
            """A creation (a job: 2 transformations and the link rules), then a new main image (2 transformations)."""
            await _packshot(api, f"bg_{w:02d}", await _upload(api, f"bg_{w:02d}_first.png", w))
            await _packshot(api, f"bg_{w:02d}", await _upload(api, f"bg_{w:02d}_second.png", 200 - w))

        async def toggler() -> None:
            """Pauses and resumes the queue while the writers write: resuming must pick up what waits."""
            for paused in (True, False, True, False, True):
                await api.call("PUT", "/mock/automation", (200,), json={"paused": paused})

        await asyncio.gather(toggler(), *(writer(w) for w in range(writers)))
        await _settled(api)
        for w in range(writers):
            assert await _events(api, f"bg_{w:02d}") == {
                "naming_convention": 1,
                "transformation": 4,
                "product_link_rules": 1,
            }
            asset = (await api.call("GET", f"{FAMILIES}/packshots/assets/bg_{w:02d}", (200,))).json()
            thumbnail = await api.client.get(f"{MEDIA}/{_data(asset, 'thumbnail')}")
            assert f'filename="bg_{w:02d}_second_' in thumbnail.headers["Content-Disposition"]
        assert [status for status in api.statuses if status >= 500] == []


def test_background_jobs_queued_by_concurrent_writes_all_run() -> None:
    """AUTOMATION-NO-DROP through the real HTTP server, the queue paused and resumed while the writers write."""
    app = create_app(settings=Settings(rules_execution="background", validate_responses=True), start_catalog=load_start)
    with serving(app) as base:
        asyncio.run(_no_job_dropped(base))


async def _bounded_queue(base: str) -> None:
    async with _authenticated(base) as api:
        await _light_packshots(api)
        await api.call("PUT", "/mock/automation", (200,), json={"paused": True})
        media = [await _upload(api, f"bound_{n}.png", 30 * n) for n in range(4)]
        for n in range(3):
            await _packshot(api, f"bound_{n}", media[n], (201,))
        assert await _automation(api) == {"mode": "background", "paused": True, "jobs_pending": 3, "queue_size": 3}
        summary = (await api.call("GET", "/mock/summary", (200,))).json()["counts"]

        # A creation would queue a fourth job: 503, Retry-After, the Akeneo envelope, nothing stored.
        refused = await _packshot(api, "bound_3", media[3], (503,))
        assert int(refused.headers["Retry-After"]) >= 1
        assert refused.json() == {
            "code": 503,
            "message": 'The asset "bound_3" was not saved: the mock\'s queue of background automation jobs is full '
            "(3 jobs waiting; --automation-queue-size). Try again once the queued jobs have run.",
        }
        await api.call("GET", f"{FAMILIES}/packshots/assets/bound_3", (404,))
        assert await _events(api, "bound_3") == {}  # not even its naming convention ran
        # A new main image on a stored asset would queue one too; a save that queues nothing goes through.
        await _packshot(api, "bound_0", media[3], (503,))
        before = (await api.call("GET", f"{FAMILIES}/packshots/assets/bound_0", (200,))).json()
        assert _data(before, "main_image") == media[0]
        lines = await api.call(
            "PATCH",
            f"{FAMILIES}/packshots/assets",
            (200,),
            json=[
                {"code": "bound_1", "values": {"main_image": _value(media[3])}},
                {"code": "bound_2", "values": {"product_ref": _value("kept")}},
            ],
        )
        assert [line["status_code"] for line in lines.json()] == [503, 204]
        after = (await api.call("GET", f"{FAMILIES}/packshots/assets/bound_1", (200,))).json()
        assert _data(after, "main_image") == media[1]
        counts = (await api.call("GET", "/mock/summary", (200,))).json()["counts"]
        assert {k: v for k, v in counts.items() if k != "access_tokens"} == {
            k: v for k, v in summary.items() if k != "access_tokens"
        }

        # Resumed, every queued job runs; then the refused creation goes through.
        await _settled(api)
        for n in range(3):
            assert (await _events(api, f"bound_{n}"))["transformation"] == 2
        await _packshot(api, "bound_3", media[3], (201,))
        await _settled(api)
        assert (await _events(api, "bound_3"))["transformation"] == 2


def test_a_full_queue_answers_503_and_stores_nothing_then_every_job_runs() -> None:
    """AUTOMATION-QUEUE-BOUND through the real HTTP server (the queue paused through the control plane)."""
    settings = Settings(rules_execution="background", automation_queue_size=3, validate_responses=True)
    with serving(create_app(settings=settings, start_catalog=load_start)) as base:
        asyncio.run(_bounded_queue(base))


def test_the_queue_size_comes_from_the_flag_or_the_variable() -> None:
    """AUTOMATION-QUEUE-BOUND: python -m mock_server --automation-queue-size N, or MOCK_AUTOMATION_QUEUE_SIZE."""
    with running_mock("--rules-execution", "background", "--automation-queue-size", "2") as base:
        state = httpx.get(f"{base}/mock/automation", timeout=DEADLINE_S).json()
    assert state == {"mode": "background", "paused": False, "jobs_pending": 0, "queue_size": 2}
    assert Settings.from_env({"MOCK_AUTOMATION_QUEUE_SIZE": "7"}).automation_queue_size == 7
    with pytest.raises(ValueError, match="automation_queue_size must be at least 1, 0 given"):
        Settings.from_env({"MOCK_AUTOMATION_QUEUE_SIZE": "0"})


def test_a_client_hanging_up_mid_upload_is_no_error_of_the_mock(caplog: pytest.LogCaptureFixture) -> None:
    """CONCURRENCY-CLIENT-GONE: found by the 50 writers (a client giving up closed its uploads): the disconnect was
    logged as "unexpected error ... a bug in the mock"; it is an info line now, and the server serves on."""
    caplog.set_level(logging.INFO, logger="mock_server.api.http.errors")
    with serving(create_app(settings=Settings(validate_responses=True), start_catalog=load_start)) as base:
        token = httpx.post(f"{base}{TOKEN}", json=PASSWORD_GRANT, headers={"Authorization": BASIC}).json()
        port = int(base.rsplit(":", 1)[1])
        head = (
            f"POST {MEDIA} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token['access_token']}\r\n"
            "Content-Type: multipart/form-data; boundary=cut\r\nContent-Length: 100000\r\n\r\n"
            '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
        )
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(head.encode())  # a body announced 100000 bytes long, cut short: the client hangs up

        end = time.monotonic() + DEADLINE_S
        seen = ("closed the connection", "unexpected error")  # the mock's word for it, now and before
        while not any(word in record.getMessage() for record in caplog.records for word in seen):
            assert time.monotonic() < end, "the server never saw the client leave"
            time.sleep(0.02)  # between looks at the log, not in place of them
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert httpx.get(f"{base}/mock/automation").status_code == 200  # and it serves on
