"""The request being served, for code that has none at hand (signal handlers that write
audit events, such as the admin's LogEntry hook)."""

from contextvars import ContextVar

_current_request: ContextVar = ContextVar("wegwijzer_current_request", default=None)


def current_request():
    return _current_request.get()


def set_current_request(request):
    return _current_request.set(request)


def reset_current_request(token) -> None:
    _current_request.reset(token)
