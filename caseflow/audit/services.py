"""Append to and verify the hash chain. `record` only adds to the current transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import select

from caseflow.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from caseflow.extensions import db
from caseflow.timeutil import iso_local, utcnow

SYSTEM_ACTOR = "system"


class Actor(Protocol):
    id: int
    username: str

    @property
    def unit(self) -> Any: ...


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def canonical_json(data: Any) -> str:
    """Serialise data the one way the chain hashes it."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_sha256 = hashlib.sha256


def compute_hash(prev_hash: str, seq: int, at: datetime | str, on: date | str | None,
                 actor_id: int | None, actor: str, unit_code: str | None, action: str,
                 case_id: int | None, from_status: str | None, to_status: str | None,
                 data: str) -> str:
    """Return the SHA-256 of a row's canonical form chained to the previous hash.

    `at` and `on` may also be given as the ISO text the row was hashed with (the verifier
    reads them raw from SQLite, which stores them as text, to skip parsing a million dates).
    """
    at_text = at if isinstance(at, str) else at.isoformat(timespec="microseconds")
    on_text = on if on is None or isinstance(on, str) else on.isoformat()
    payload = _encode([seq, at_text, on_text, actor_id, actor, unit_code, action, case_id,
                       from_status, to_status, data])
    return _sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def record(action: str, *, actor: Actor | None = None, actor_name: str | None = None,
           unit_code: str | None = None, case_id: int | None = None, on: date | None = None,
           from_status: str | None = None, to_status: str | None = None,
           data: dict[str, Any] | None = None) -> AuditEvent:
    """Add one event to the chain inside the current transaction (the caller commits)."""
    head = db.session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    at = utcnow()
    seq = head.seq + 1
    name = actor.username if actor is not None else (actor_name or SYSTEM_ACTOR)
    if unit_code is None and actor is not None and actor.unit is not None:
        unit_code = actor.unit.code
    data_text = canonical_json(data or {})
    event = AuditEvent(
        seq=seq, at=at, on=on, actor_id=actor.id if actor is not None else None, actor=name,
        unit_code=unit_code, action=action, case_id=case_id, from_status=from_status,
        to_status=to_status, data=data_text, prev_hash=head.hash,
    )
    event.hash = compute_hash(head.hash, seq, at, on, event.actor_id, name, unit_code, action,
                              case_id, from_status, to_status, data_text)
    head.seq, head.hash = seq, event.hash
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events_checked: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "events_checked": self.events_checked,
                "head_hash": self.head_hash, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem}


_COLUMNS = (AuditEvent.seq, AuditEvent.at, AuditEvent.on, AuditEvent.actor_id, AuditEvent.actor,
            AuditEvent.unit_code, AuditEvent.action, AuditEvent.case_id, AuditEvent.from_status,
            AuditEvent.to_status, AuditEvent.data, AuditEvent.prev_hash, AuditEvent.hash)


def verify_rows(rows: Any, start_hash: str = GENESIS_HASH, start_seq: int = 0) -> Verdict:
    """Recompute a chain from rows of `_COLUMNS`, naming the first row that does not fit."""
    expected_prev, expected_seq, count = start_hash, start_seq + 1, 0
    for row in rows:
        seq, at, on, actor_id, actor, unit_code, action, case_id, frm, to, data, prev, h = row
        if seq != expected_seq:
            return Verdict(False, count, expected_prev, expected_seq, "missing event")
        if prev != expected_prev:
            return Verdict(False, count, expected_prev, seq, "prev_hash does not match")
        if compute_hash(prev, seq, at, on, actor_id, actor, unit_code, action, case_id,
                        frm, to, data) != h:
            return Verdict(False, count, expected_prev, seq, "hash does not match content")
        expected_prev, expected_seq, count = h, seq + 1, count + 1
    return Verdict(True, count, expected_prev, None)


_RAW_SQL = ('SELECT seq, at, "on", actor_id, actor, unit_code, action, case_id, from_status, '
            "to_status, data, prev_hash, hash FROM audit_events ORDER BY seq")


def _raw_sqlite_rows() -> Any:
    """Yield rows straight from the driver, `at`/`on` as the stored text (normalised to the ISO
    form that was hashed): no per-row type conversion, which dominated verification time."""
    cursor = db.session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(_RAW_SQL)
        while batch := cursor.fetchmany(10000):
            for row in batch:
                yield (row[0], row[1].replace(" ", "T", 1), *row[2:])
    finally:
        cursor.close()


def verify_chain() -> Verdict:
    """Recompute the whole chain in order and check it ends at the recorded head."""
    if db.session.get_bind().dialect.name == "sqlite":
        verdict = verify_rows(_raw_sqlite_rows())
        return _check_head(verdict)
    rows = db.session.execute(
        select(*_COLUMNS).order_by(AuditEvent.seq).execution_options(yield_per=5000))
    try:
        verdict = verify_rows(rows)
    finally:
        rows.close()
    return _check_head(verdict)


def _check_head(verdict: Verdict) -> Verdict:
    if not verdict.ok:
        return verdict
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != verdict.events_checked or head.hash != verdict.head_hash):
        return Verdict(False, verdict.events_checked, verdict.head_hash,
                       verdict.events_checked + 1, "events after the head are missing")
    return verdict


def list_case_events(case_id: int) -> list[AuditEvent]:
    """Return a case's events, oldest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)))


def event_as_dict(event: AuditEvent) -> dict[str, Any]:
    """Shape an event for the API."""
    return {"seq": event.seq, "at": iso_local(event.at),
            "on": event.on.isoformat() if event.on else None, "actor": event.actor,
            "unit": event.unit_code, "action": event.action, "case_id": event.case_id,
            "from_status": event.from_status, "to_status": event.to_status,
            "data": json.loads(event.data), "hash": event.hash, "prev_hash": event.prev_hash}
