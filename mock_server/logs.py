"""The mock's logging: uvicorn's and ours on stderr, as text (colored on a terminal) or as one JSON object per line."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

LEVELS = ("critical", "error", "warning", "info", "debug", "trace")  # uvicorn's --log-level names
ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")  # the args of uvicorn.access records


# LOG-NO-SECRETS: an access line shows the request's path and query, and uvicorn's trace level each ASGI scope (its
# headers already hidden, not its query); a client may put its token in the query (the vendor's oauth2-php reads
# `access_token` there too), so those query values are written as ***.
SECRET_QUERY = re.compile(r"(?i)((?:^|[?&;])(?:access_token|refresh_token|password|client_secret)=)[^&;#\s]*")


def scrub_query_secrets(path: str) -> str:
    return SECRET_QUERY.sub(r"\1***", path)


class SecretQueryFilter(logging.Filter):
    """Masks the query's secrets in uvicorn's access records (args: client, method, path+query, HTTP version,
    status) and in the scopes its trace level logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_scrubbed_arg(arg, index, record.name) for index, arg in enumerate(record.args))
        return True


def _scrubbed_arg(arg: Any, index: int, logger: str) -> Any:
    if logger == "uvicorn.access" and index == 2 and isinstance(arg, str):
        return scrub_query_secrets(arg)
    if isinstance(arg, dict) and isinstance(arg.get("query_string"), bytes):
        query = arg["query_string"].decode("latin-1")
        return {**arg, "query_string": scrub_query_secrets("?" + query)[1:].encode("latin-1")}
    return arg


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message; an access line's fields; the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            entry.update(zip(ACCESS_FIELDS, record.args, strict=True))
        entry.update(getattr(record, "fields", {}))  # logger.info(..., extra={"fields": {...}})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_config(log_format: str, level: str) -> dict[str, Any]:
    """A dictConfig for uvicorn.run(log_config=...): every logger (uvicorn's, the access log, ours) on stderr."""
    colors = sys.stderr.isatty()
    formatters: dict[str, Any] = {
        "text": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s", "use_colors": colors},
        "access": {
            "()": "uvicorn.logging.AccessFormatter",
            "fmt": '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s',
            "use_colors": colors,
        },
        "json": {"()": JsonFormatter},
    }
    text = log_format == "text"
    number = level_number(level)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "filters": {"secrets": {"()": SecretQueryFilter}},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "text" if text else "json",
                "filters": ["secrets"],
            },
            "access": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "access" if text else "json",
                "filters": ["secrets"],
            },
        },
        "root": {"handlers": ["default"], "level": number},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": number, "propagate": False},
            "uvicorn.error": {"level": number},
            "uvicorn.access": {"handlers": ["access"], "level": number, "propagate": False},
            # Connexion says at info what it mounts at every start: noise unless debugging
            "connexion": {"level": number if number < logging.INFO else max(number, logging.WARNING)},
            # ... and warns at every request to an operation the contract gives two media types (the token's JSON
            # and form bodies): by design here, so only debugging shows it
            "connexion.operations.openapi3": {"level": number if number < logging.INFO else max(number, logging.ERROR)},
        },
    }


def level_number(name: str) -> int:
    return 5 if name == "trace" else logging.getLevelName(name.upper())  # uvicorn's TRACE is level 5
