"""Typed settings of the mock, from command-line flags and the MOCK_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

RULES_EXECUTION_MODES = ("sync", "background")
LOG_FORMATS = ("text", "json")


@dataclass(frozen=True)
class Settings:
    client_id: str = "client"
    client_secret: str = "secret"  # noqa: S105 - the documented default credentials of a mock
    username: str = "admin"
    password: str = "admin"  # noqa: S105 - the documented default credentials of a mock
    access_token_ttl: int = 3600  # seconds, as the vendor's tokens
    refresh_token_ttl: int = 1_209_600  # 14 days
    page_size: int = 100  # asset-manager search-after page size (openapi/ERRATA.md)
    # the vendor's 100 (domain/asset_manager/asset_family.FAMILY_LIMIT, which a test keeps equal: settings import no domain module,
    # so that `akeneo-mock` without its dependencies can still say what to install); a harness may raise it
    asset_family_limit: int = 100
    load_fixtures: bool = True
    validate_responses: bool = False  # the tests turn it on: the mock checks its own answers against the spec
    # "sync": transformations and product link rules run before the PATCH answers; "background": after, on the
    # event loop, as the PIM's jobs do (clients see eventual consistency). The naming convention is always sync.
    rules_execution: str = "sync"
    naming_convention_timeout: float = 1.0  # seconds one naming-convention match may run before it is stopped
    validation_regexp_timeout: float = 1.0  # seconds one text value's validation_regexp search may run
    pattern_request_budget: float = 10.0  # seconds of matching one request may spend (a batch: all its entries)
    # AUTOMATION-QUEUE-BOUND: background jobs waiting at most; a write that would queue one more answers 503
    automation_queue_size: int = 10_000
    # X-Forwarded-Proto/-Host/-Port shape links and Location (api/http/forwarded.py); off: the socket's own URL
    trust_forwarded_headers: bool = True
    # The mock as a daily tool (issue #11): the control plane under /mock, the request journal, rate limits, users.
    control_plane: bool = True  # off: /mock is not served at all
    journal_size: int = 1000  # requests the journal keeps (the oldest go first)
    journal_body_limit: int = 10_000  # characters of each request and response body the journal keeps
    rate_limit: float | None = None  # requests per second per instance, answered 429 above it; None: no limit
    max_concurrency: int | None = None  # requests in flight at once, answered 429 above it; None: no limit
    retry_after: bool = True  # a 429 of the rate limits carries Retry-After (the SaaS may leave it out)
    users_file: str | None = None  # a YAML/JSON file of API users and their permissions, beside the default admin
    log_requests: bool = False  # an access log line per request
    log_format: str = "text"  # "text" or "json" (one JSON object per log line)
    # BODY-LIMIT-JSON / BODY-LIMIT-UPLOAD (api/http/body_limits.py): bytes of a request body, else 413 before it is read;
    # 10 MB holds a batch of 100 assets with long texts; uploads and the control plane's snapshots get their own cap
    max_body_size: int = 10_485_760
    max_upload_size: int = 104_857_600
    # FAST-READS (api/http/hot_reads.py): plain GETs of assets answered before Connexion's stack, the same bytes; off:
    # every request takes the whole stack (to compare, or to rule the shortcut out when hunting a bug)
    fast_reads: bool = True
    # Durability (issue #13, services/state_file.py): every tenant's state kept in this file; None: memory only
    state_file: str | None = None
    state_flush_seconds: float = 5.0  # the file is written this often while something changed
    state_flush_writes: int = 100  # and after this many acknowledged writes

    def __post_init__(self) -> None:
        if self.rules_execution not in RULES_EXECUTION_MODES:
            modes = " or ".join(f'"{mode}"' for mode in RULES_EXECUTION_MODES)
            raise ValueError(f'rules_execution must be {modes}, "{self.rules_execution}" given')
        if self.log_format not in LOG_FORMATS:
            raise ValueError(f'log_format must be "text" or "json", "{self.log_format}" given')
        for name in (
            "page_size",
            "asset_family_limit",
            "journal_size",
            "journal_body_limit",
            "automation_queue_size",
            "state_flush_writes",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, {getattr(self, name)} given")
        for name in ("max_body_size", "max_upload_size"):  # the body limits (api/http/body_limits.py)
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, {getattr(self, name)} given")
        for name in ("rate_limit", "max_concurrency"):
            if getattr(self, name) is not None and not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, {getattr(self, name)} given")
        for name in (
            "naming_convention_timeout",
            "validation_regexp_timeout",
            "pattern_request_budget",
            "state_flush_seconds",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, {getattr(self, name)} given")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            "client_id": env.get("MOCK_CLIENT_ID", cls.client_id),
            "client_secret": env.get("MOCK_CLIENT_SECRET", cls.client_secret),
            "username": env.get("MOCK_USERNAME", cls.username),
            "password": env.get("MOCK_PASSWORD", cls.password),
            "rules_execution": env.get("MOCK_RULES_EXECUTION", cls.rules_execution),
            "automation_queue_size": _number(env, "MOCK_AUTOMATION_QUEUE_SIZE", int, cls.automation_queue_size),
            "page_size": _number(env, "MOCK_PAGE_SIZE", int, cls.page_size),  # small pages let clients test paging
            "asset_family_limit": _number(env, "MOCK_ASSET_FAMILY_LIMIT", int, cls.asset_family_limit),
            "trust_forwarded_headers": _flag(env.get("MOCK_TRUST_FORWARDED_HEADERS", "1")),
            "control_plane": _flag(env.get("MOCK_CONTROL_PLANE", "1")),
            "journal_size": _number(env, "MOCK_JOURNAL_SIZE", int, cls.journal_size),
            "journal_body_limit": _number(env, "MOCK_JOURNAL_BODY_LIMIT", int, cls.journal_body_limit),
            "rate_limit": _number(env, "MOCK_RATE_LIMIT", float, None),
            "max_concurrency": _number(env, "MOCK_MAX_CONCURRENCY", int, None),
            "retry_after": _flag(env.get("MOCK_RETRY_AFTER", "1")),
            "users_file": env.get("MOCK_USERS_FILE") or None,
            "log_requests": _flag(env.get("MOCK_LOG_REQUESTS", "0")),
            "log_format": env.get("MOCK_LOG_FORMAT", cls.log_format),
            "max_body_size": _number(env, "MOCK_MAX_BODY_SIZE", int, cls.max_body_size),
            "max_upload_size": _number(env, "MOCK_MAX_UPLOAD_SIZE", int, cls.max_upload_size),
            "fast_reads": _flag(env.get("MOCK_FAST_READS", "1")),
            "state_file": env.get("MOCK_STATE_FILE") or None,
            "state_flush_seconds": _number(env, "MOCK_STATE_FLUSH_SECONDS", float, cls.state_flush_seconds),
            "state_flush_writes": _number(env, "MOCK_STATE_FLUSH_WRITES", int, cls.state_flush_writes),
            "naming_convention_timeout": _number(
                env, "MOCK_NAMING_CONVENTION_TIMEOUT", float, cls.naming_convention_timeout
            ),
            "validation_regexp_timeout": _number(
                env, "MOCK_VALIDATION_REGEXP_TIMEOUT", float, cls.validation_regexp_timeout
            ),
            "pattern_request_budget": _number(env, "MOCK_PATTERN_REQUEST_BUDGET", float, cls.pattern_request_budget),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _flag(text: str) -> bool:
    return text.strip().lower() not in ("0", "false", "no", "off")


def _number(env: Mapping[str, str], name: str, kind: type[int | float], default: object) -> object:
    """The number in variable `name`; unset or blank: `default`. A ValueError names the variable (the CLI shows it)."""
    text = env.get(name, "")
    if not text.strip():
        return default
    try:
        return kind(text)
    except ValueError:
        expected = "an integer" if kind is int else "a number"
        raise ValueError(f'{name} must be {expected}, "{text}" given') from None
