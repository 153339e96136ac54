"""A run of the layer (Session: target, reference, settings) and one sequence of it (Sequence: two sides, the
calls sent so far, and the check of each answer pair, which raises Divergence with the whole report)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from conformance.differential.compare import Normaliser, body_diff, differences, side_by_side
from conformance.differential.reference import Reference
from conformance.differential.seeding import SNAPSHOT
from conformance.differential.settings import DifferentialSettings
from conformance.differential.sides import Answer, Call, SharedTransport, Side
from conformance.exchanges import curl_line
from conformance.target import Credentials, Target

REFERENCE_CREDENTIALS = Credentials()  # the mock's default API client and user


class Divergence(AssertionError):
    """The target answered a call otherwise than the reference model (the message is the report)."""


@dataclass
class Session:
    """One run of the differential layer: the sequences are numbered from 1 (Hypothesis' shrinking runs count)."""

    target: Target
    reference: Reference
    settings: DifferentialSettings
    seed_document: dict[str, Any] | None = None
    held: tuple[str, ...] = ()  # read-only runs: the target's families the reference holds a copy of
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    # one keep-alive connection pool to each side for every sequence of the run
    target_transport: SharedTransport = field(default_factory=SharedTransport)
    reference_transport: SharedTransport = field(default_factory=SharedTransport)

    def open(self) -> Sequence:
        return Sequence(self, next(self.numbers))

    def close(self) -> None:
        self.target_transport.shut()
        self.reference_transport.shut()


class Sequence:
    """Codes under the run prefix and the sequence number; on a mock, a target tenant of its own; always a fresh
    reference tenant. `call()` sends to both, compares, and remembers the call for the report."""

    def __init__(self, session: Session, number: int) -> None:
        self.session = session
        target = session.target
        self.prefix = f"{target.run_prefix}_{number}"
        recorder = target.recorder

        def record(response: httpx.Response) -> None:
            response.read()
            recorder.add_httpx(response)

        tenant = f"{target.tenant}-d{number}" if target.tenant else None
        self.target = Side.open(
            "target",
            target.base_url,
            target.credentials,
            tenant,
            read_only=target.read_only,
            hooks={"response": [record]},
            timeout=target.request_timeout,
            transport=session.target_transport,
        )
        reference_tenant = f"differential-{target.run_prefix}-{number}"
        assert session.reference.url is not None
        self.reference = Side.open(
            "reference",
            session.reference.url,
            REFERENCE_CREDENTIALS,
            reference_tenant,
            transport=session.reference_transport,
        )
        if session.seed_document is not None:
            restored = self.reference.http.put(SNAPSHOT, json=session.seed_document)
            if restored.status_code != 204:
                raise RuntimeError(f"seeding the reference tenant failed: {restored.status_code} {restored.text[:300]}")
        self.calls: list[tuple[str, httpx.Request]] = []

    def code(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def call(self, call: Call) -> tuple[Answer, Answer]:
        return self._check(call.describe(), self.target.send(call), self.reference.send(call))

    def each(self, described: str, send: Callable[[Side], Answer]) -> tuple[Answer, Answer]:
        """A call each side makes in its own way (its own credentials, its own tokens)."""
        return self._check(described, send(self.target), send(self.reference))

    def follow(self, target_href: str, reference_href: str) -> tuple[Answer, Answer]:
        """Both sides' own next-page links, followed."""
        described = f"GET {target_href.removeprefix(self.target.base_url)}  (the answer's _links.next)"
        return self._check(described, self.target.follow(target_href), self.reference.follow(reference_href))

    def _check(self, described: str, mine: Answer, theirs: Answer) -> tuple[Answer, Answer]:
        self.calls.append((described, mine.request))
        messages = self.session.settings.messages
        target_view = Normaliser(self.target, self.reference, messages).answer(mine)
        reference_view = Normaliser(self.reference, self.reference, messages).answer(theirs)
        found = differences(target_view, reference_view)
        if found:
            raise Divergence(self.report(described, found, target_view, reference_view))
        return mine, theirs

    def report(self, described: str, found: list[str], target_view: Any, reference_view: Any) -> str:
        lines = [
            f"DIFFERENTIAL: the target answers call {len(self.calls)} of this sequence otherwise than the reference "
            f"model ({', '.join(found)}):",
            f"  {described}",
            *side_by_side(target_view, reference_view),
        ]
        if "body" in found:
            lines += ["", *body_diff(target_view, reference_view)]
        lines += ["", f"the sequence ({len(self.calls)} calls; Hypothesis shrinks it to the shortest it finds):"]
        lines += [f"  {number}. {text}" for number, (text, _) in enumerate(self.calls, 1)]
        lines += ["", "replay against the target (a token in $AKENEO_TOKEN):"]
        for _, request in self.calls:
            lines.append("  " + curl_line(request.method, str(request.url), request.headers, _sent(request)))
        return "\n".join(lines)

    def close(self) -> None:
        self.target.close()
        self.reference.close()


def _sent(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:  # a streamed multipart upload: curl_line says where its bytes go
        return b"\x00multipart"
