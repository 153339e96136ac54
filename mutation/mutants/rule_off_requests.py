"""Rule-off mutants of what every request goes through: the request body's format stage and the authentication."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mock_server.api.http import body_limits
from mock_server.domain.asset_manager import asset, asset_attribute, attribute_option
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.request_format import opis as format_opis
from mock_server.services.access import authentication
from mutation.mutants.machinery import REQUEST_SCHEMA_KEYWORDS, Mutant, attr, item, rule_off

# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_REFUSE_UNKNOWN = asset.refuse_unknown_properties
_ORIGINAL_ISSUE_TOKEN = authentication.issue_token
_ORIGINAL_CHECK_ACCESS_TOKEN = authentication.check_access_token


def _no_required_check(names: Any, data: Any, path: Any, checked: Any) -> None:
    return None


def _no_additional_properties_check(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    return iter(())


def _no_opis_additional_properties_check(allowed: Any, data: Any, path: Any, checked: Any) -> None:
    return None


def _no_unknown_property_check(patch: Any, errors: ErrorCollector) -> None:
    return None


def _refuse_only_non_objects(patch: Any) -> None:
    if not isinstance(patch, dict):
        _ORIGINAL_REFUSE_UNKNOWN(patch)


def _check_access_token_ignoring_expiry(ctx: Any, token: str) -> str:
    grant = ctx.store.tokens.access.get(authentication.token_key(token))
    if grant is None:
        return _ORIGINAL_CHECK_ACCESS_TOKEN(ctx, token)  # raises the invalid-token 401
    return grant.username


def _refresh_token_reused(ctx: Any, body: dict, authorization: str | None) -> dict:
    """The refresh grant answers a new access token and the same refresh token, which stays usable."""
    answer = _ORIGINAL_ISSUE_TOKEN(ctx, body, authorization)
    if isinstance(body, dict) and body.get("grant_type") == "refresh_token":
        old = str(body.get("refresh_token"))
        grants = ctx.store.tokens.refresh
        grants[authentication.token_key(old)] = grants.pop(authentication.token_key(answer["refresh_token"]))
        answer = {**answer, "refresh_token": old}
    return answer


REQUEST_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "required_properties_not_checked",
        "request validation",
        "a body without a property the vendor's schema requires (code) is accepted by the format stage",
        lambda: [item(format_opis.OBJECT_KEYWORDS, "required", _no_required_check)],
        catch="PATCH a family, attribute, option or asset without code: 422 invalid format, nothing written",
    ),
    rule_off(
        "unknown_properties_accepted",
        "request validation",
        "a body property the resource does not have is ignored instead of refused with 422 (families, attributes, "
        "options, assets, batch entries)",
        lambda: [
            item(REQUEST_SCHEMA_KEYWORDS, "additionalProperties", _no_additional_properties_check),
            item(format_opis.OBJECT_KEYWORDS, "additionalProperties", _no_opis_additional_properties_check),
            attr(asset, "refuse_unknown_properties", _refuse_only_non_objects),
            attr(asset_attribute, "check_known_properties", _no_unknown_property_check),
            attr(attribute_option, "check_known_properties", _no_unknown_property_check),
        ],
        catch="a body property the resource does not have (asset, batch entry, attribute, option, family): 422 naming it",
    ),
    rule_off(
        "token_body_unbounded",
        "authentication",
        "the token endpoint takes a body of any size (no 413 above the vendor's 300 bytes)",
        lambda: [attr(body_limits, "TOKEN_BODY_LIMIT", 10**9)],
        catch="a valid password grant padded to 301 bytes: 413",
    ),
    rule_off(
        "token_expiry_ignored",
        "authentication",
        "an access token is accepted after it has expired",
        lambda: [attr(authentication, "check_access_token", _check_access_token_ignoring_expiry)],
        catch="move the mock's clock past expires_in (POST /mock/clock/advance): the access token is refused with 401",
    ),
    rule_off(
        "refresh_token_not_rotated",
        "authentication",
        "the refresh grant answers the same refresh token again, and it stays usable",
        lambda: [attr(authentication, "issue_token", _refresh_token_reused)],
        catch="refresh: a new refresh token; the old one is refused (422) afterwards",
    ),
)
