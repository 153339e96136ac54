"""The fixtures every scenario uses: the target, an authenticated client, run-unique codes, cleanup, polling, families.

Nothing here imports mock_server: the target is reached over HTTP (an in-process app is served on a loopback port).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import httpx
import pytest

from conformance.plugin import current_run
from conformance.preparation import prepared
from conformance.scorekeeper import ConformanceRun
from conformance.target import Target

T = TypeVar("T")
CODE_NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
FAMILIES = "/api/rest/v1/asset-families"
MAX_CODE_LENGTH = 255


@pytest.fixture(scope="session")
def conformance_run(request: pytest.FixtureRequest) -> ConformanceRun:
    return current_run(request.config)


@pytest.fixture(scope="session")
def target(conformance_run: ConformanceRun) -> Target:
    """The server under test (base URL or served app, credentials, run prefix, read-only flag, poll timeout)."""
    return conformance_run.target


@pytest.fixture(scope="session")
def api(target: Target) -> Iterator[httpx.Client]:
    """An authenticated httpx.Client on the target's base URL: paths are absolute (/api/rest/v1/...)."""
    client = target.client()
    yield client
    client.close()


@pytest.fixture(scope="session")
def anonymous(target: Target) -> Iterator[httpx.Client]:
    """A client that sends no token (authentication rules); recorded and read-only-guarded like `api`."""
    client = target.anonymous_client()
    yield client
    client.close()


class CodeRegistry:
    """Hands out codes of one run: the first test asking for a name gets f"{prefix}_{name}", a later test asking
    for the same name gets f"{prefix}_{name}_2" (and so on), so tests of one run never share data by accident."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._owners: dict[str, str] = {}  # code -> nodeid of the test it was handed to

    def code_for(self, name: str, nodeid: str) -> str:
        if not CODE_NAME_RE.match(name):
            raise ValueError(f"a code name takes ASCII letters, digits and _ only: {name!r}")
        base = f"{self._prefix}_{name}"
        candidate, n = base, 1
        while self._owners.get(candidate, nodeid) != nodeid:
            n += 1
            candidate = f"{base}_{n}"
        if len(candidate) > MAX_CODE_LENGTH:
            raise ValueError(f"code {candidate!r} is longer than {MAX_CODE_LENGTH} characters")
        self._owners[candidate] = nodeid
        return candidate


@pytest.fixture(scope="session")
def _codes(target: Target) -> CodeRegistry:
    return CodeRegistry(target.run_prefix)


@pytest.fixture
def code(_codes: CodeRegistry, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """code(name) -> f"{run_prefix}_{name}": a code unique to this run and this test (same name, same code)."""
    nodeid = request.node.nodeid

    def make(name: str) -> str:
        return _codes.code_for(name, nodeid)

    return make


class Cleanup:
    """DELETEs registered during a test, sent at teardown, last registered first; 404 counts as already gone. A
    DELETE that fails is told to `report` (the run counts them: one line in the terminal, each in the scorecard)."""

    def __init__(self, api: httpx.Client, report: Callable[[str], None]) -> None:
        self._api = api
        self._report = report
        self._paths: list[str] = []

    def add(self, path: str) -> str:
        if path not in self._paths:
            self._paths.append(path)
        return path

    def run(self) -> None:
        for path in reversed(self._paths):
            try:
                response = self._api.delete(path)
            except httpx.HTTPError as exc:
                self._report(f"DELETE {path} failed: {exc!r}")
                continue
            if response.status_code not in (200, 204, 404):
                self._report(f"DELETE {path} answered {response.status_code}: {response.text[:200]}")
        self._paths.clear()


@pytest.fixture
def cleanup(api: httpx.Client, target: Target, conformance_run: ConformanceRun) -> Iterator[Cleanup]:
    """cleanup.add(path): a DELETE sent at teardown (assets, options, products: what the API lets us delete)."""
    registry = Cleanup(api, conformance_run.cleanup_problems.append)
    yield registry
    if not target.read_only:
        registry.run()


def poll(check: Callable[[], T], timeout: float, first_wait: float = 0.05, max_wait: float = 1.0) -> T:
    """check()'s result once it stops raising AssertionError; its last AssertionError after `timeout` seconds.

    Waits between tries double from first_wait up to max_wait: this polls a remote effect (a job of the PIM),
    it is not a sleep standing in for synchronisation."""
    deadline = time.monotonic() + timeout
    wait, tries = first_wait, 0
    while True:
        tries += 1
        try:
            return check()
        except AssertionError as exc:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                exc.add_note(f"still failing after {timeout:g}s and {tries} tries (--poll-timeout)")
                raise
            time.sleep(min(wait, remaining))
            wait = min(wait * 2, max_wait)


@pytest.fixture
def eventually(target: Target) -> Callable[..., Any]:
    """eventually(check, timeout=None): calls check() until it passes or the poll timeout (--poll-timeout) passes."""

    def wait_for(check: Callable[[], T], timeout: float | None = None) -> T:
        return poll(check, target.poll_timeout if timeout is None else timeout)

    return wait_for


@pytest.fixture(scope="session")
def _shared_families() -> dict[str, str]:
    """Families made by family_with in this run, by what they were asked to hold: spec -> code."""
    return {}


@pytest.fixture
def family_with(api: httpx.Client, code: Callable[[str], str], _shared_families: dict[str, str]) -> Callable[..., str]:
    """family_with(attributes=[...], rules=[...], own=False, **fields) -> the code of an asset family of this run.

    The family is created with its code only, then each attribute is PATCHed in order (an attribute may carry
    `options`: option codes or option bodies, created after it), then the family is PATCHed once more with the
    product link rules and any other field given (attribute_as_main_media, naming_convention, transformations,
    labels...), which may name those attributes. `name` picks the code's name (default "family", "family_2"...).

    Asset families cannot be deleted through the API and the vendor allows 100 (STRUCTURE-FAMILY-LIMIT), so a
    family is shared by the tests of a run that ask for the same one (same attributes, rules, fields and name; the
    n-th call of a test gets the n-th such family): their assets and options have codes of their own. A test that
    lists a family's assets, or changes the family after this call, asks for `own=True`.

    Its requests are set-up steps (conformance/preparation.py): any 2xx will do, and a failure reports the test
    "not run: set-up failed (rule X)" for FAM-UPSERT, ATTR-UPSERT or OPT-UPSERT."""
    made = 0
    asked: dict[str, int] = {}  # spec -> how many times this test asked for it

    def create(
        attributes: Sequence[dict[str, Any]] = (),
        rules: Sequence[dict[str, Any]] = (),
        *,
        name: str | None = None,
        own: bool = False,
        **fields: Any,
    ) -> str:
        nonlocal made
        made += 1
        wanted = json.dumps([list(attributes), list(rules), fields, name], sort_keys=True, default=str)
        asked[wanted] = asked.get(wanted, 0) + 1
        spec = f"{wanted}#{asked[wanted]}"
        if not own and spec in _shared_families:
            return _shared_families[spec]
        family = code(name or ("family" if made == 1 else f"family_{made}"))
        path = f"{FAMILIES}/{family}"
        prepared(api.patch(path, json={"code": family}))
        for attribute in attributes:
            body = dict(attribute)
            options = body.pop("options", ())
            attribute_path = f"{path}/attributes/{body['code']}"
            prepared(api.patch(attribute_path, json=body))
            for option in options:
                option_body = {"code": option} if isinstance(option, str) else dict(option)
                option_path = f"{attribute_path}/options/{option_body['code']}"
                prepared(api.patch(option_path, json=option_body))
        extra = dict(fields)
        if rules:
            extra["product_link_rules"] = list(rules)
        if extra:
            prepared(api.patch(path, json={"code": family, **extra}))
        if not own:
            _shared_families[spec] = family
        return family

    return create
