"""A JSON request body as the vendor's connector controllers see it, and the one 400 for a body they cannot use.

Those controllers call json_decode on the body themselves, at a point of their own (CHECK-ORDER-DECODE): after the
URI codes, and for the attribute, the asset and the asset batch after the asset family's 404. So the body of an
Asset Manager write reaches its service as read, or as UnreadableBody, and the service calls `decoded` where the
vendor's controller decodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_server.domain.errors import BadRequest

# HTTP-400, AUTH-TOKEN-MALFORMED-JSON: a body json_decode refuses is this 400, raised by api/http/json_body.py's parse_json
# (the token, the product side) or by `decoded` below (the Asset Manager writes, which their services decode)
INVALID_JSON = "Invalid json message received"  # the vendor's text wherever json_decode gives up


@dataclass(frozen=True)
class UnreadableBody:
    """A body PHP's json_decode could not read (json_decode gave null), or whose root is not the JSON type the
    operation takes."""


def decoded(body: Any) -> Any:
    """The body, or the vendor's 400 when it could not be read."""
    if isinstance(body, UnreadableBody):
        raise BadRequest(INVALID_JSON)
    return body
