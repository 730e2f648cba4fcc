"""Structured logging for production: one JSON object per line on stdout (journald keeps it).

Query strings never reach a log: the incident assistant keeps a visitor's answers in the
query string of its URLs. :class:`RedactQueryStrings` replaces the query part of anything
that looks like a URL or path in a message or traceback with ``?[redacted]``; the JSON
formatter applies the same rule and adds the request's path (never its query string).
Used by ``wegwijzer.conf.production`` and ``deploy/gunicorn.conf.py``.
"""

import json
import logging
import re
from datetime import UTC, datetime

# A path or URL followed by a query string: "/er-is-iets-gebeurd/vraag/?a=1&b=2".
_QUERY = re.compile(
    r"((?:[a-z][a-z0-9+.-]*://[^\s?#\"'<>]*)|(?:/[^\s?#\"'<>]*))\?[^\s#\"'<>]*", re.I
)
REDACTED = "?[redacted]"


def redact(text: str) -> str:
    """Remove query strings from every URL or path in ``text``."""
    return _QUERY.sub(lambda m: m.group(1) + REDACTED, text) if "?" in text else text


class RedactQueryStrings(logging.Filter):
    """Rewrites a record's message (and cached traceback) without query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = request.path  # never get_full_path(): no query string
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False, default=str)
