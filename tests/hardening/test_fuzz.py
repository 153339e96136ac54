"""Issue #13: Schemathesis run from outside as a user runs it, and the NDJSON batches read as NDJSON.

The short fuzz job (FUZZ-ST-OUTSIDE) is the long one of benchmarks/fuzz_job.py with a small budget: the `st` CLI as
a subprocess, every phase, seed 1, the project's schemathesis.toml, against `python -m mock_server` started on a
free port. The other tests pin the hook module schemathesis.toml loads (conformance/media_types.py,
NDJSON-MEDIA-TYPE): without it a `+json` type reads as one JSON document, which made `st run` report ST108 on both
batch PATCHes.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import schemathesis

from akeneo_contract import VENDOR_CONTRACT
from benchmarks.fuzz_job import run_job
from conformance import media_types
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.support import BASIC, PASSWORD_GRANT, TOKEN, serving

SHORT_JOB_EXAMPLES = 3  # the coverage phase (~5,800 cases) does not depend on it: 70-80 s on two busy cores


def test_fuzz_st_outside_short_job_passes_every_phase_against_the_mock(tmp_path: Path) -> None:
    # FUZZ-ST-OUTSIDE: exit status 0 with the project's config and no exemption beyond schemathesis.toml's
    result = run_job(max_examples=SHORT_JOB_EXAMPLES, seed=1, workers=1, work_dir=tmp_path, timeout_s=600)
    output = (tmp_path / "st.log").read_text()
    assert result.exit_code == 0, output[-4000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, f"phase {phase} did not pass:\n{output[-2000:]}"
    assert result.server_errors == 0 and result.error_records == 0, (tmp_path / "mock.log").read_text()[-4000:]
    assert result.requests > result.test_cases > 0  # the mock's access log counted what st sent
    assert "$TOKEN" in result.command and "Bearer" in result.command


@pytest.fixture(scope="module")
def batch_operation() -> Any:
    return schemathesis.openapi.from_path(VENDOR_CONTRACT)["/api/rest/v1/products"]["PATCH"]


def _answer(lines: list[dict[str, Any]], content_type: str = media_types.NDJSON) -> Any:
    """What the check reads of a response: status, headers as Schemathesis keeps them (lists), raw content."""
    body = "\n".join(json.dumps(line) for line in lines).encode()
    return SimpleNamespace(status_code=200, headers={"content-type": [content_type]}, content=body)


def test_ndjson_media_type_request_body_leaves_as_the_text_itself(batch_operation: Any) -> None:
    # NDJSON-MEDIA-TYPE: not JSON-quoted into one line holding a string (the vendor answers that line 400)
    text = '{"identifier":"cap"}\n{"identifier":"mug"}'
    case = batch_operation.Case(body=text, media_type=media_types.NDJSON)
    assert case.as_transport_kwargs(base_url="http://127.0.0.1")["data"] == text.encode()


def test_ndjson_media_type_answer_lines_are_checked_against_the_line_schema(batch_operation: Any) -> None:
    # NDJSON-MEDIA-TYPE: every line of the 200 against x-ndjson-line-schema (ProductBatchLineResult)
    case = batch_operation.Case(body="", media_type=media_types.NDJSON)
    good = [{"line": 1, "identifier": "cap", "status_code": 201}, {"line": 2, "status_code": 400, "message": "x"}]
    assert media_types.ndjson_lines_conform(None, _answer(good), case) is True
    off_schema = [good[0], {"line": 0, "identifier": "mug", "status_code": 204}]  # lines count from 1
    with pytest.raises(AssertionError, match=r"Line 2 .* line schema"):
        media_types.ndjson_lines_conform(None, _answer(off_schema), case)
    not_json = SimpleNamespace(status_code=200, headers={"content-type": [media_types.NDJSON]}, content=b"{oops")
    with pytest.raises(AssertionError, match=r"Line 1 .* not JSON"):
        media_types.ndjson_lines_conform(None, not_json, case)


def test_ndjson_media_type_line_check_honours_nullable_in_a_served_contract() -> None:
    # the mock's /openapi.json comes with its $refs inlined, where Schemathesis leaves OpenAPI 3.0's nullable as is
    served = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings=Settings(), start_catalog=load_start))
    case = served["/api/rest/v1/products"]["PATCH"].Case(body="", media_type=media_types.NDJSON)
    error = {"property": "values", "message": "m", "attribute": "a_text", "locale": None, "scope": None}
    line = {"line": 1, "identifier": "cap", "status_code": 422, "message": "Validation failed.", "errors": [error]}
    assert media_types.ndjson_lines_conform(None, _answer([line]), case) is True
    with pytest.raises(AssertionError, match=r"Line 1 .* line schema"):
        media_types.ndjson_lines_conform(None, _answer([{**line, "errors": [{**error, "message": None}]}]), case)


def test_ndjson_media_type_json_answers_are_left_to_the_schema_check(batch_operation: Any) -> None:
    # the batch's 413/415 are plain JSON errors: the line check has nothing to say about them
    case = batch_operation.Case(body="", media_type=media_types.NDJSON)
    refused = SimpleNamespace(status_code=413, headers={"content-type": ["application/json"]}, content=b"{}")
    assert media_types.ndjson_lines_conform(None, refused, case) is None


@pytest.mark.parametrize("path", ["/api/rest/v1/products", "/api/rest/v1/product-models"])
def test_ndjson_empty_batch_is_answered_200_with_no_line(path: str) -> None:
    # NDJSON-EMPTY-BATCH: the vendor's StreamResourceResponse answers each line it reads: none for an empty body
    with (
        serving(create_app(settings=Settings(validate_responses=True), start_catalog=load_start)) as base,
        httpx.Client(base_url=base) as http,
    ):
        token = http.post(TOKEN, json=PASSWORD_GRANT, headers={"Authorization": BASIC}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": media_types.NDJSON}
        empty = http.patch(path, content=b"", headers=headers)
        assert (empty.status_code, empty.content) == (200, b"")
        assert empty.headers["content-type"] == media_types.NDJSON
        # the same URL still judges lines, and still wants its media type
        line = http.patch(path, content=b"{oops", headers=headers)
        assert (line.status_code, json.loads(line.content)["status_code"]) == (200, 400)
        untyped = http.patch(path, content=b"", headers={"Authorization": headers["Authorization"]})
        assert untyped.status_code == 415
