"""A case's audit trail as a signed, self-verifying bundle (JSON) or a readable CSV.

A case's events are not contiguous in the chain (other cases' events lie between them), so a
bundle cannot re-walk the chain. What it proves on its own: every event's hash recomputes from
that event's own fields and its recorded `prev_hash`; where two of the case's events are
neighbours in the chain, the link between them holds; the HMAC signature (keyed from the
SECRET_KEY) covers the whole file. Whether those hashes are still the ones in the live chain is
`flask audit verify` on the server. The structural checks live in the stdlib-only
`verify_bundle` module so that the server and an outside verifier apply the same rules.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import func, select

from caseflow.audit import services as audit
from caseflow.audit.describe import describe, operation_label, status_change
from caseflow.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from caseflow.audit.verify_bundle import FORMAT, check
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.timeutil import iso_local, local, utcnow

KEY_SALT = b"caseflow-audit"
KEY_INFO = b"audit-bundle"
CSV_HEADER = ("序号", "时间", "法定日期", "操作人", "单位", "操作", "说明", "状态变化", "哈希")
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def derive_bundle_key(secret: str) -> bytes:
    """Return the 32-byte bundle-signing key derived from a SECRET_KEY (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=KEY_SALT, info=KEY_INFO).derive(
        secret.encode("utf-8"))


def bundle_key() -> bytes:
    """Return this app's bundle-signing key."""
    return derive_bundle_key(current_app.config["SECRET_KEY"])


def sign(bundle: dict[str, Any], key: bytes) -> str:
    """Return the hex HMAC-SHA256 of the canonical JSON of everything but the signature."""
    body = {k: v for k, v in bundle.items() if k != "signature"}
    return hmac.new(key, audit.canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()


def event_row(event: AuditEvent) -> dict[str, Any]:
    """Return every stored field of an event, `at` and `data` exactly as they were hashed."""
    return {"seq": event.seq, "at": event.at.isoformat(timespec="microseconds"),
            "on": event.on.isoformat() if event.on else None, "actor_id": event.actor_id,
            "actor": event.actor, "unit_code": event.unit_code, "action": event.action,
            "case_id": event.case_id, "from_status": event.from_status,
            "to_status": event.to_status, "data": event.data, "prev_hash": event.prev_hash,
            "hash": event.hash}


def _chain_head() -> dict[str, Any]:
    head = db.session.get(AuditHead, 1)
    return {"seq": head.seq if head else 0, "hash": head.hash if head else GENESIS_HASH}


def case_bundle(case: Any) -> dict[str, Any]:
    """Return the case's whole trail with the chain head, signed with the app's key."""
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "case": {"id": case.id, "number": case.number or case.receipt_number},
        "exported_at": iso_local(utcnow()),
        "events": [event_row(e) for e in audit.list_case_events(case.id)],
        "chain_head": _chain_head(),
    }
    bundle["signature"] = sign(bundle, bundle_key())
    return bundle


def record_export(actor: Any, case: Any, fmt: str, *, channel: str,
                  bundle: dict[str, Any] | None = None) -> None:
    """Write the `audit_exported` event (a bundle's signature is anchored in the chain)."""
    if bundle is not None:
        data: dict[str, Any] = {"format": fmt, "events": len(bundle["events"]),
                                "chain_head_seq": bundle["chain_head"]["seq"],
                                "signature": bundle["signature"]}
    else:
        count = db.session.scalar(select(func.count()).where(AuditEvent.case_id == case.id))
        data = {"format": fmt, "events": count}
    data["channel"] = channel
    audit.record("audit_exported", actor=actor, actor_name=None if actor else "system",
                 case_id=case.id, data=data)


def _server_hash(row: dict[str, Any]) -> str:
    at = datetime.fromisoformat(row["at"])
    on = date.fromisoformat(row["on"]) if row["on"] is not None else None
    return audit.compute_hash(row["prev_hash"], row["seq"], at, on, row["actor_id"],
                              row["actor"], row["unit_code"], row["action"], row["case_id"],
                              row["from_status"], row["to_status"], row["data"])


def verify_bundle(bundle: Any, key: bytes | None = None) -> tuple[bool, list[str]]:
    """Recompute each event's own hash with `compute_hash` and, given a key, the signature."""
    problems = check(bundle, key, hash_fn=_server_hash)
    return not problems, problems


def _safe(value: Any) -> Any:
    """Keep spreadsheet programs from reading a cell as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_row(event: AuditEvent, registry: Any, units: dict[str, str]) -> list[Any]:
    """Return one readable CSV row for an event."""
    shown = local(event.at)
    unit = units.get(event.unit_code or "", event.unit_code)
    change = status_change(event, registry) if event.from_status or event.to_status else ""
    return [event.seq, shown.strftime("%Y-%m-%d %H:%M:%S") if shown else "",
            event.on.isoformat() if event.on else "", event.actor, unit,
            operation_label(event, registry), describe(event, registry, units), change, event.hash]


def case_csv(case: Any, registry: Any) -> str:
    """Return the case's trail as CSV text (UTF-8 with a BOM, for Excel and WPS)."""
    # Read here rather than from audit.queries, which depends on the cases room (scope).
    units = {u.code: u.display_name for u in db.session.scalars(select(Unit))}
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for event in audit.list_case_events(case.id):
        writer.writerow([_safe(v) for v in csv_row(event, registry, units)])
    return buffer.getvalue()
