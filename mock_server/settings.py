"""Typed settings of the mock, from command-line flags and the MOCK_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    client_id: str = "client"
    client_secret: str = "secret"  # noqa: S105 - the documented default credentials of a mock
    username: str = "admin"
    password: str = "admin"  # noqa: S105 - the documented default credentials of a mock
    access_token_ttl: int = 3600  # seconds, as the vendor's tokens
    refresh_token_ttl: int = 1_209_600  # 14 days
    page_size: int = 100  # asset-manager search-after page size (openapi/ERRATA.md)
    load_fixtures: bool = True
    validate_responses: bool = False  # the tests turn it on: the mock checks its own answers against the spec

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            "client_id": env.get("MOCK_CLIENT_ID", cls.client_id),
            "client_secret": env.get("MOCK_CLIENT_SECRET", cls.client_secret),
            "username": env.get("MOCK_USERNAME", cls.username),
            "password": env.get("MOCK_PASSWORD", cls.password),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
