"""The hash-chained, append-only audit trail.

Every entry stores the hash of the previous entry (``prev_hash``) and its own hash
(``entry_hash`` = SHA-256 over the canonical JSON of all its fields, ``prev_hash``
included). ``verify()`` recomputes the chain; an edited, deleted or inserted entry breaks
it. Writers take a lock on the single :class:`AuditChainHead` row first, by updating it,
which serialises writers on PostgreSQL (row lock) and SQLite (database write lock) alike.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from wegwijzer.accounts.context import current_request
from wegwijzer.accounts.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
SQLITE_LOCK_RETRIES = 5
EXPORT_FIELDS = [
    "seq",
    "created_at",
    "event_type",
    "user_id",
    "username",
    "organisation_id",
    "organisation_name",
    "ip_address",
    "user_agent",
    "details",
    "prev_hash",
    "entry_hash",
]


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(
    *,
    seq: int,
    created_at: datetime,
    event_type: str,
    user_id: int | None,
    username: str,
    organisation_id: int | None,
    organisation_name: str,
    ip_address: str,
    user_agent: str,
    details: dict,
    prev_hash: str,
) -> bytes:
    """The exact bytes that are hashed: sorted-key compact JSON, UTF-8."""
    payload = {
        "seq": seq,
        "created_at": _timestamp(created_at),
        "event_type": event_type,
        "user_id": user_id,
        "username": username,
        "organisation_id": organisation_id,
        "organisation_name": organisation_name,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "details": details,
        "prev_hash": prev_hash,
    }
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def entry_hash_of(event: AuditEvent) -> str:
    return hashlib.sha256(
        canonical(
            seq=event.seq,
            created_at=event.created_at,
            event_type=event.event_type,
            user_id=event.user_id_snapshot,
            username=event.username,
            organisation_id=event.organisation_id_snapshot,
            organisation_name=event.organisation_name,
            ip_address=event.ip_address,
            user_agent=event.user_agent,
            details=event.details,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def client_ip(request) -> str:
    """The client's address as django-axes sees it (proxy-aware by settings)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def _client(request) -> tuple[str, str]:
    if request is None:
        return "", ""
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:300]


def _json_safe(details: dict) -> dict:
    # Round-trip so what is hashed now equals what the database gives back later.
    return json.loads(json.dumps(details or {}, default=str))


def record(
    event_type: str,
    *,
    request=None,
    user=None,
    username: str = "",
    organisation=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event. ``request`` defaults to the request being served (if any)."""
    request = request if request is not None else current_request()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    ip, agent = _client(request)
    user_id = user.pk if user is not None else None
    name = user.get_username() if user is not None else (username or "")
    details = _json_safe(details or {})
    fields = {
        "event_type": str(event_type),
        "user_id_snapshot": user_id,
        "username": name[:254],
        "organisation_id_snapshot": organisation.pk if organisation is not None else None,
        "organisation_name": str(organisation)[:200] if organisation is not None else "",
        "ip_address": ip[:45],
        "user_agent": agent,
        "details": details,
    }
    for attempt in range(SQLITE_LOCK_RETRIES + 1):
        try:
            return _append(fields)
        except OperationalError as exc:
            # SQLite (development, small installations) has one writer at a time and gives
            # up after its busy timeout; retry a few times unless we are inside an outer
            # transaction (then the caller's transaction decides).
            if (
                connection.vendor != "sqlite"
                or "locked" not in str(exc)
                or connection.in_atomic_block
                or attempt == SQLITE_LOCK_RETRIES
            ):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _append(fields: dict) -> AuditEvent:
    with transaction.atomic():
        # Take the lock before reading: the UPDATE blocks every other writer until commit.
        if not AuditChainHead.objects.filter(pk=1).update(last_seq=F("last_seq") + 1):
            AuditChainHead.objects.get_or_create(pk=1)  # the very first entry
            AuditChainHead.objects.filter(pk=1).update(last_seq=F("last_seq") + 1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.last_seq, created_at=timezone.now(), prev_hash=head.last_hash, **fields
        )
        event.entry_hash = entry_hash_of(event)
        event._written_by_audit_record = True
        event.save(force_insert=True)  # seq is unique: a second writer could never fork
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.entry_hash)
    return event


@dataclass
class Problem:
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"entry #{self.seq}" if self.seq is not None else "chain"
        return f"{where}: {self.message}"


def verify(events: Iterable[AuditEvent] | None = None) -> list[Problem]:
    """Recompute the whole chain. Returns the problems found (empty: intact)."""
    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    last_seq = 0
    rows = events if events is not None else AuditEvent.objects.order_by("seq").iterator()
    for event in rows:
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                missing = (
                    f"#{expected_seq}"
                    if event.seq == expected_seq + 1
                    else f"#{expected_seq}-#{event.seq - 1}"
                )
                problems.append(Problem(event.seq, f"entries missing before it ({missing})"))
            else:
                problems.append(Problem(event.seq, "number out of order or repeated"))
        if event.prev_hash != prev_hash:
            problems.append(
                Problem(
                    event.seq,
                    "does not link to the entry before it "
                    "(an entry was deleted, inserted or changed)",
                )
            )
        actual = entry_hash_of(event)
        if actual != event.entry_hash:
            problems.append(Problem(event.seq, "content does not match its hash (changed)"))
        prev_hash = event.entry_hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and events is None:
        if head.last_seq != last_seq:
            problems.append(
                Problem(
                    None,
                    f"the chain head expects {head.last_seq} entries, "
                    f"found up to #{last_seq} (entries at the end "
                    "deleted or added)",
                )
            )
        elif head.last_hash != prev_hash:
            problems.append(Problem(None, "the last entry's hash differs from the chain head"))
    return problems


def _row(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "created_at": _timestamp(event.created_at),
        "event_type": event.event_type,
        "user_id": event.user_id_snapshot,
        "username": event.username,
        "organisation_id": event.organisation_id_snapshot,
        "organisation_name": event.organisation_name,
        "ip_address": event.ip_address,
        "user_agent": event.user_agent,
        "details": event.details,
        "prev_hash": event.prev_hash,
        "entry_hash": event.entry_hash,
    }


def export_lines(fmt: str) -> Iterator[str]:
    """The whole trail as CSV (header first) or JSON Lines, in chain order."""
    events = AuditEvent.objects.order_by("seq").iterator()
    if fmt == "jsonl":
        for event in events:
            yield json.dumps(_row(event), ensure_ascii=False, sort_keys=True) + "\n"
        return
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    yield buffer.getvalue()
    for event in events:
        buffer.seek(0)
        buffer.truncate()
        row = _row(event)
        row["details"] = json.dumps(row["details"], ensure_ascii=False, sort_keys=True)
        # Defuse spreadsheet formulas (CSV injection) in free-text columns.
        for key in ("username", "organisation_name", "user_agent", "details"):
            if str(row[key]).startswith(("=", "+", "-", "@", "\t", "\r")):
                row[key] = "'" + str(row[key])
        writer.writerow(row)
        yield buffer.getvalue()
