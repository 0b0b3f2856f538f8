"""Check an exported CaseFlow audit bundle with nothing but the Python standard library.

    python -m caseflow.audit.verify_bundle bundle.json [--key-hex HEX]
    python3 verify_bundle.py bundle.json [--key-hex HEX]      # this file copied anywhere

Each event's SHA-256 is recomputed from its own fields and its recorded prev_hash (a case's
events are not contiguous in the chain, so the chain itself is not re-walked; where two of the
case's events are neighbours, their link is checked). With --key-hex (the bundle key, derived
from the server's SECRET_KEY) the HMAC-SHA256 signature over the whole file is checked too.
Exit status: 0 all checks passed, 1 a check failed, 2 the file could not be read.

The hash below must stay identical to `caseflow.audit.services.compute_hash`; the test suite
checks that both agree. Keep this file free of third-party imports.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

FORMAT = "caseflow-audit-bundle/1"
FIELDS = ("seq", "at", "on", "actor_id", "actor", "unit_code", "action", "case_id",
          "from_status", "to_status", "data", "prev_hash", "hash")
HashFn = Callable[[dict[str, Any]], str]


def event_hash(row: dict[str, Any]) -> str:
    """Recompute an event's hash from its own fields (as the server's compute_hash does)."""
    at = datetime.fromisoformat(row["at"]).isoformat(timespec="microseconds")
    on = date.fromisoformat(row["on"]).isoformat() if row["on"] is not None else None
    payload = json.dumps(
        [row["seq"], at, on, row["actor_id"], row["actor"], row["unit_code"], row["action"],
         row["case_id"], row["from_status"], row["to_status"], row["data"]],
        ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((row["prev_hash"] + payload).encode("utf-8")).hexdigest()


def signature(bundle: dict[str, Any], key: bytes) -> str:
    """Return the HMAC-SHA256 over the canonical JSON of everything but the signature."""
    body = {k: v for k, v in bundle.items() if k != "signature"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _event_problem(row: Any, case_id: Any, hash_fn: HashFn) -> str | None:
    if not isinstance(row, dict) or any(f not in row for f in FIELDS):
        return "malformed event"
    try:
        computed = hash_fn(row)
    except (TypeError, ValueError):
        return "malformed event"
    if computed != row["hash"]:
        return "hash does not match the event's content"
    if row["case_id"] != case_id:
        return "event belongs to another case"
    return None


def check(bundle: Any, key: bytes | None = None, hash_fn: HashFn = event_hash) -> list[str]:
    """Return the problems found in a bundle (an empty list: it verifies)."""
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        return [f"not a {FORMAT} file"]
    case, events = bundle.get("case"), bundle.get("events")
    if not isinstance(case, dict) or not isinstance(events, list):
        return ["case or events missing"]
    problems: list[str] = []
    previous = None
    for index, row in enumerate(events):
        seq = row.get("seq") if isinstance(row, dict) else None
        where = f"seq {seq}" if seq is not None else f"event #{index + 1}"
        problem = _event_problem(row, case.get("id"), hash_fn)
        if problem:
            problems.append(f"{where}: {problem}")
            previous = None
            continue
        if previous is not None:
            if not isinstance(seq, int) or seq <= previous["seq"]:
                problems.append(f"{where}: out of order or repeated")
            elif seq == previous["seq"] + 1 and row["prev_hash"] != previous["hash"]:
                problems.append(f"{where}: prev_hash does not match seq {previous['seq']}")
        previous = row
    head = bundle.get("chain_head")
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int):
        problems.append("chain_head: missing or malformed")
    elif events and isinstance(events[-1], dict) and isinstance(events[-1].get("seq"), int):
        last = events[-1]
        if last["seq"] > head["seq"]:
            problems.append("chain_head: older than the last event")
        elif last["seq"] == head["seq"] and last.get("hash") != head.get("hash"):
            problems.append("chain_head: hash differs from the last event's")
    if key is not None:
        given = bundle.get("signature")
        if not isinstance(given, str) or not hmac.compare_digest(given, signature(bundle, key)):
            problems.append("signature does not match (wrong key, or the file was edited)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a CaseFlow audit bundle (stdlib only).")
    parser.add_argument("bundle", help="the exported JSON file")
    parser.add_argument("--key-hex", help="the bundle-signing key in hex; checks the signature")
    args = parser.parse_args(argv)
    try:
        key = bytes.fromhex(args.key_hex) if args.key_hex else None
        with open(args.bundle, encoding="utf-8") as handle:
            bundle = json.load(handle)
    except (OSError, ValueError) as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 2
    problems = check(bundle, key)
    events = bundle.get("events") if isinstance(bundle, dict) else None
    count = len(events) if isinstance(events, list) else 0
    if problems:
        for problem in problems:
            print(f"FAIL {problem}")
        return 1
    signed = "signature OK" if key is not None else "signature NOT checked (no --key-hex)"
    case = bundle["case"]
    print(f"OK: case {case.get('id')} ({case.get('number')}), {count} events, "
          f"each hash recomputes; {signed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
