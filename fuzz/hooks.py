"""schemathesis hooks for `make fuzz`: a refused request (4xx) must write no row anywhere.

Loaded with SCHEMATHESIS_HOOKS=fuzz.hooks; FUZZ_DATABASE_URL names the app's database. Before
each call the rows of every table are counted, and the check `refused_request_writes_nothing`
compares after the call (one worker, so no other request runs in between). The one refusal
that writes on purpose is a failed sign-in at /auth/token: its audit event and throttle row
are what the lock-out counts.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from sqlalchemy import bindparam, create_engine, func, inspect, select, table, text

_engine = create_engine(os.environ["FUZZ_DATABASE_URL"])
_tables = sorted(inspect(_engine).get_table_names())
_before: dict[int, dict[str, int]] = {}
#: what a refused sign-in records, by design (API.md: "after 5 failures the account is locked")
_SIGN_IN_WRITES = {"audit_events", "login_throttles"}


_IN_SCOPE = """
    SELECT c.id FROM cases c
    JOIN units h ON h.id = c.handling_unit_id JOIN units i ON i.id = c.intake_unit_id,
         users u JOIN units mine ON mine.id = u.unit_id
    WHERE u.username = :user AND (h.path LIKE mine.path || '%' OR i.path LIKE mine.path || '%')
    ORDER BY c.id"""


def _real_ids(user: str) -> dict[str, list[Any]]:
    """Ids that exist and that this user can see, so that fuzzing gets past the 404s."""
    with _engine.connect() as conn:
        cases = list(conn.scalars(text(_IN_SCOPE), {"user": user}))
        def of(sql: str) -> list[Any]:  # noqa: E306
            query = text(sql).bindparams(bindparam("ids", expanding=True))
            return list(conn.scalars(query, {"ids": cases or [0]}))
        return {"case_id": cases,
                "party_id": of("SELECT id FROM parties WHERE case_id IN :ids ORDER BY id"),
                "evidence_id": of("SELECT id FROM evidence WHERE case_id IN :ids ORDER BY id"),
                "task_id": of("SELECT id FROM assist_tasks WHERE case_id IN :ids ORDER BY id"),
                "document_id": of("SELECT id FROM documents WHERE case_id IN :ids ORDER BY id"),
                "service_id": of("SELECT id FROM document_services WHERE case_id IN :ids"
                                 " ORDER BY id"),
                "name": of("SELECT DISTINCT workflow FROM cases WHERE id IN :ids"
                           " ORDER BY workflow")}


#: the ids of a case's own rows, which must belong to the case of the same path
_OF_A_CASE = {"party_id": "parties", "evidence_id": "evidence", "document_id": "documents"}


def _rows_of(key: str, case_id: int) -> list[int]:
    with _engine.connect() as conn:
        return list(conn.scalars(text(f"SELECT id FROM {_OF_A_CASE[key]} WHERE case_id = :c"
                                      " ORDER BY id"), {"c": case_id}))


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


@schemathesis.hook
def map_case(context, case):  # type: ignore[no-untyped-def]
    """Replace every other generated id (the even ones) by one that exists.

    Only values the schema allows are replaced, so a negative case stays negative. An id the
    user can see right now is kept (the stateful phase links to what it has just created), and
    a party or an evidence id is taken from the case of the same path, so the pair is found.
    """
    params = case.path_parameters or {}
    if not params.keys() & {"case_id", "party_id", "evidence_id", "task_id", "document_id",
                            "service_id", "name"}:
        return case
    real = _real_ids(os.environ.get("FUZZ_USER", ""))
    for key in sorted(params, key=lambda k: k != "case_id"):  # the case first, then its rows
        value = params[key]
        if key == "name":
            if isinstance(value, str) and len(value) % 2 == 0 and real["name"]:
                params[key] = real["name"][len(value) // 2 % len(real["name"])]
            continue
        if key not in real or not _is_id(value) or value % 2:
            continue
        case_id = params.get("case_id")
        choices = (_rows_of(key, case_id) if key in _OF_A_CASE and _is_id(case_id)
                   else real[key])
        if choices and value not in choices:
            params[key] = choices[(value // 2) % len(choices)]
    return case


#: every table's row count in one statement: one round trip per call, not one per table
_COUNTS = select(*(select(func.count()).select_from(table(name)).scalar_subquery().label(name)
                   for name in _tables))


def _counts() -> dict[str, int]:
    with _engine.connect() as conn:
        return dict(conn.execute(_COUNTS).one()._mapping)


@schemathesis.hook
def before_call(context, case, kwargs):  # type: ignore[no-untyped-def]
    _before.clear()
    _before[id(case)] = _counts()


@schemathesis.check
def refused_request_writes_nothing(ctx, response, case):  # type: ignore[no-untyped-def]
    """A 4xx answer leaves every table as it was."""
    before = _before.get(id(case))
    if before is None or not 400 <= response.status_code < 500:
        return None
    after = _counts()
    changed = {name: after[name] - before[name] for name in _tables
               if after[name] != before[name]}
    if case.operation.path == "/auth/token":
        changed = {k: v for k, v in changed.items() if k not in _SIGN_IN_WRITES}
    if changed:
        raise AssertionError(f"refused with {response.status_code} but wrote rows: {changed}")
    return None
