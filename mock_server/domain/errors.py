"""The DomainError tree: every refusal the business rules can express, mapped to HTTP in api/http/errors.py only.

DomainError
 +-- BadRequest                 400  malformed request (invalid JSON, a batch body that is not an array)
 +-- Unauthenticated            401  missing, invalid or expired access token
 +-- Forbidden                  403  the user lacks the API access or the operation's ACL (domain/access/permissions.py)
 +-- NotFound                   404  the resource does not exist
 +-- NotAcceptable              406  Accept names a type other than application/json
 +-- PayloadTooLarge            413  too many items in one batch, or a line too long
 +-- UnsupportedMediaType       415  Content-Type missing or not the one the operation takes
 +-- Unprocessable              422  the request is understood but refused
 |    +-- ValidationFailed      422  one or more properties at fault, listed in `errors`
 |         +-- InvalidFormat    422  "The <resource> has an invalid format.": the body breaks the JSON schema
 |         +-- RulesBroken      422  "The <resource> has data that does not comply with the business rules."
 +-- ServiceUnavailable         503  the mock cannot take the write now (its background queue is full); retry later

The vendor's connector controllers answer a 422 with `errors` in one of two envelopes, by the stage that refused
the body: its JSON schema (Opis messages), then its business-rule validators (Symfony violations). The resource is
named the vendor's way: "asset family", "attribute", "attribute option", "asset".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One property at fault. Value errors add the value's coordinates: attribute, locale and channel (asset
    values) or scope (product values), in `context`, as the vendor's error bodies do."""

    property: str
    message: str
    context: tuple[tuple[str, str | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"property": self.property, "message": self.message, **dict(self.context)}


def value_error(message: str, attribute: str, locale: str | None, channel: str | None) -> FieldError:
    """An error on one asset value: ASSET-VALUE-ERROR-PATH, the vendor's violation path `values.<attribute>`
    (tableized by its ViolationNormalizer), with the value's attribute, locale and channel beside it."""
    context = (("attribute", attribute), ("locale", locale), ("channel", channel))
    return FieldError(f"values.{tableize(attribute)}", message, context)


def tableize(name: str) -> str:
    """Doctrine's Inflector::tableize (camelCase -> camel_case), which the vendor applies to violation paths."""
    return re.sub(r"(?<=\w)([A-Z])", r"_\1", name).lower()


def product_value_error(message: str, attribute: str, locale: str | None, scope: str | None) -> FieldError:
    """An error on one product value: product values are located by `scope`, not `channel`."""
    return FieldError("values", message, (("attribute", attribute), ("locale", locale), ("scope", scope)))


class DomainError(Exception):
    """Base of every refusal; `status` is the vendor's HTTP status for it."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(DomainError):
    status = 400


class Unauthenticated(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class NotAcceptable(DomainError):
    status = 406


class Conflict(DomainError):
    status = 409


class PayloadTooLarge(DomainError):
    status = 413


class UnsupportedMediaType(DomainError):
    status = 415


class Unprocessable(DomainError):
    status = 422


class ServiceUnavailable(DomainError):
    """A write the mock cannot take now; nothing was stored. `retry_after`: seconds the client should wait."""

    status = 503

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ValidationFailed(Unprocessable):
    """One or more properties at fault; the message is the vendor's "Validation failed."."""

    def __init__(self, errors: list[FieldError], message: str = "Validation failed.") -> None:
        super().__init__(message)
        self.errors = list(errors)

    @classmethod
    def single(cls, property_: str, message: str) -> ValidationFailed:
        return cls([FieldError(property_, message)], message=message)

    @classmethod
    def of(cls, errors: list[FieldError]) -> ValidationFailed:
        """A lone error speaks for itself in `message`; several are summed up as "Validation failed."."""
        return cls(errors, message=errors[0].message if len(errors) == 1 else "Validation failed.")


class InvalidFormat(ValidationFailed):
    """The body breaks the resource's JSON schema (the vendor's first stage)."""

    def __init__(self, resource: str, errors: list[FieldError]) -> None:
        super().__init__(errors, message=f"The {resource} has an invalid format.")


class RulesBroken(ValidationFailed):
    """The body is well formed but breaks business rules (the vendor's second stage)."""

    def __init__(self, resource: str, errors: list[FieldError]) -> None:
        # STRUCTURE-RULES-ENVELOPE
        super().__init__(errors, message=f"The {resource} has data that does not comply with the business rules.")


class ErrorCollector:
    """Gathers FieldErrors while a resource is checked, then raises them together (the vendor lists them all)."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, property_: str, message: str) -> None:
        self.errors.append(FieldError(property_, message))

    def add_error(self, error: FieldError) -> None:
        self.errors.append(error)

    def extend(self, errors: list[FieldError]) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
