"""Verify a long audit chain on several cores: segments in parallel, then stitched together.

Every row carries its own `prev_hash`, so each row's hash can be checked on its own; the chain
itself is the agreement of each row's `prev_hash` with the hash before it, which is checked
inside each segment and across the segment boundaries. The verdict is the same as
`services.verify_chain` (the first row that does not fit), only faster.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from sqlalchemy import create_engine, text

from caseflow.audit.services import GENESIS_HASH, Verdict, compute_hash

_COLUMNS = ("actor_id, actor, unit_code, action, case_id, from_status, to_status, data, "
            "prev_hash, hash")
_SQL = {
    "sqlite": f'SELECT seq, at, "on", {_COLUMNS} FROM audit_events '
              "WHERE seq BETWEEN ? AND ? ORDER BY seq",
    "postgresql": "SELECT seq, to_char(at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
                  f"to_char(\"on\", 'YYYY-MM-DD'), {_COLUMNS} FROM audit_events "
                  "WHERE seq BETWEEN %s AND %s ORDER BY seq",
}


@dataclass(frozen=True)
class Segment:
    lo: int
    hi: int
    count: int
    first_prev: str | None
    last_hash: str | None
    bad_seq: int | None = None
    problem: str | None = None


def verify_segment(url: str, lo: int, hi: int) -> Segment:
    """Check rows lo..hi: contiguous seqs, each hash, and the links inside the segment."""
    engine = create_engine(url)
    dialect = engine.dialect.name
    conn = engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute(_SQL[dialect], (lo, hi))
        expected, prev_hash, first_prev, count = lo, None, None, 0
        while batch := cursor.fetchmany(10000):
            for row in batch:
                seq, at, on, *rest = row
                prev, digest = rest[-2], rest[-1]
                if dialect == "sqlite":
                    at = at.replace(" ", "T", 1)
                if seq != expected:
                    return Segment(lo, hi, count, first_prev, prev_hash, expected,
                                   "missing event")
                if prev_hash is not None and prev != prev_hash:
                    return Segment(lo, hi, count, first_prev, prev_hash, seq,
                                   "prev_hash does not match")
                if compute_hash(prev, seq, at, on, *rest[:-2]) != digest:
                    return Segment(lo, hi, count, first_prev, prev_hash, seq,
                                   "hash does not match content")
                first_prev = prev if first_prev is None else first_prev
                prev_hash, expected, count = digest, seq + 1, count + 1
        if expected != hi + 1:
            return Segment(lo, hi, count, first_prev, prev_hash, expected, "missing event")
        return Segment(lo, hi, count, first_prev, prev_hash)
    finally:
        conn.close()
        engine.dispose()


def _bounds(total: int, jobs: int) -> list[tuple[int, int]]:
    size = -(-total // jobs)
    return [(lo, min(lo + size - 1, total)) for lo in range(1, total + 1, size)]


def verify_parallel(url: str, jobs: int) -> Verdict:
    """Verify the whole chain with `jobs` processes and return the first bad row, if any."""
    engine = create_engine(url)
    with engine.connect() as conn:
        head_seq, head_hash = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).one()
        max_seq = conn.execute(text("SELECT max(seq) FROM audit_events")).scalar() or 0
    engine.dispose()
    total = max(head_seq, max_seq)
    if total == 0:
        return Verdict(True, 0, GENESIS_HASH, None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        segments = list(pool.map(verify_segment, *zip(*[(url, lo, hi) for lo, hi in
                                                          _bounds(total, jobs)], strict=True)))
    previous, checked = GENESIS_HASH, 0
    for seg in segments:
        if seg.first_prev is not None and seg.first_prev != previous:
            return Verdict(False, checked, previous, seg.lo, "prev_hash does not match")
        if seg.bad_seq is not None:
            return Verdict(False, checked + seg.count, seg.last_hash or previous, seg.bad_seq,
                           seg.problem)
        previous, checked = seg.last_hash or previous, checked + seg.count
    if checked != head_seq or previous != head_hash:
        return Verdict(False, checked, previous, min(checked, head_seq) + 1,
                       "events after the head are missing")
    return Verdict(True, checked, previous, None)
