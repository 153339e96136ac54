"""Codes of the structure resources (asset families, attributes, options) as the vendor's value objects read them.

The vendor builds AssetFamilyIdentifier, AttributeCode and OptionCode from the URI before anything else; a code they
refuse is a plain 422 (no `errors`) with the value object's message. A body whose `code` differs from the URI's is
the same kind of plain 422, with each controller's own sentence (the attribute's says "asset family": theirs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mock_server.domain.errors import FieldError, Unprocessable
from mock_server.domain.shared.codes import CODE_CHARACTERS, MISMATCH, other_than_url

MAX_CODE_LENGTH = 255
RESERVED_ATTRIBUTE_CODES = ("code", "label", "image")
# STRUCTURE-CODE-FORMAT-MESSAGE: the value objects' subjects (code_fault)
_SUBJECTS = {"family": "Asset family identifier", "attribute": "Attribute code", "option": "Option code"}


def code_fault(kind: str, code: str) -> str | None:
    """STRUCTURE-CODE-FORMAT: why the vendor's value object refuses `code` (empty, > 255 bytes, not
    [a-zA-Z0-9_]), or None."""
    subject = _SUBJECTS[kind]
    if not code:
        return f"{subject} cannot be empty"
    if len(code) > MAX_CODE_LENGTH:
        return f"{subject} cannot be longer than {MAX_CODE_LENGTH} characters, {len(code.encode())} string long given"
    if not CODE_CHARACTERS.fullmatch(code):
        return f'{subject} may contain only letters, numbers and underscores. "{code}" given'
    return None


def ensure_code(kind: str, code: str) -> None:
    """STRUCTURE-CODE-FORMAT: a URI code the vendor cannot read is a plain 422."""
    fault = code_fault(kind, code)
    if fault:
        raise Unprocessable(fault)


def ensure_body_code(kind: str, code: str, body: Mapping[str, Any]) -> None:
    """STRUCTURE-CODE-MISMATCH: a body `code` other than the URI's is a plain 422. An absent code is left to the
    contract (our bodies may omit it)."""
    if other_than_url(body, code):
        raise Unprocessable(MISMATCH[kind])


# CHECK-ORDER-BODY-CODE-FIRST; FORMAT-CODE-REQUIRED-MESSAGES: the attribute's and the asset's missing code is this
# plain 422
def ensure_same_code(kind: str, code: str, body: Mapping[str, Any]) -> None:
    """CHECK-ORDER-BODY-CODE: the attribute and asset controllers compare `body['code'] ?? null` with the URI's code
    before their JSON schema, so an absent code is the same plain 422 as another one."""
    if body.get("code") != code:
        raise Unprocessable(MISMATCH[kind])


def reserved_code_error(code: str) -> FieldError | None:
    """STRUCTURE-ATTRIBUTE-RESERVED-CODE: code, label and image (any case) cannot be given to a new attribute. The
    braces are the vendor's: its parameter lacks them, so the translator fills the placeholder's inside."""
    if code.lower() not in RESERVED_ATTRIBUTE_CODES:
        return None
    keywords = ", ".join(RESERVED_ATTRIBUTE_CODES)
    # STRUCTURE-ATTRIBUTE-RESERVED-CODE-MESSAGE
    return FieldError("code", f'The code cannot be any of those values: "{{{{ {keywords} }}}}"')


def case_twin(code: str, existing: Iterable[str]) -> str | None:
    """The existing code equal to `code` but for case (STRUCTURE-FAMILY-CASE), or None."""
    folded = code.lower()
    return next((other for other in existing if other != code and other.lower() == folded), None)
