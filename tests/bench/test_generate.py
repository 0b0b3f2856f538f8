"""The data generator leaves a valid chain and cases whose status matches their last event."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db


def test_generator_bulk_inserts_keep_the_chain_valid(app):
    from bench.generate import Generator

    before = db.session.scalar(select(func.count()).select_from(Case))
    generator = Generator(app, 60, seed=7)
    generator.run()
    assert db.session.scalar(select(func.count()).select_from(Case)) == before + 60
    verdict = verify_chain()
    assert verdict.ok, verdict
    last = select(AuditEvent.case_id, func.max(AuditEvent.seq).label("seq")).where(
        AuditEvent.to_status.is_not(None)).group_by(AuditEvent.case_id).subquery()
    rows = db.session.execute(
        select(Case.status, AuditEvent.to_status).join(last, last.c.case_id == Case.id)
        .join(AuditEvent, AuditEvent.seq == last.c.seq)).all()
    assert len(rows) == 60 and all(status == to for status, to in rows)
    statuses = set(db.session.scalars(select(Case.status)))
    assert len(statuses) > 8  # spread over many states


def test_cases_can_still_be_taken_in_after_generation(app, client, api):
    from bench.generate import Generator
    from tests.factories import open_case_via_api

    Generator(app, 20, seed=3).run()
    body = open_case_via_api(client, api("370982001-officer"), confirm_duplicate=True)
    assert body["id"] > 20


def test_cases_follow_the_rules_in_force_when_they_were_received(app):
    from bench.generate import Generator

    Generator(app, 200, seed=5).run()
    rows = db.session.execute(select(Case.workflow, Case.workflow_version, Case.received_on,
                                     Case.status)).all()
    changed = [r for r in rows if r.workflow in ("adjudication", "prelitigation_mediation")]
    assert all((r.workflow_version == 2) == (r.received_on.isoformat() >= "2025-02-01")
               for r in changed)
    assert {r.workflow_version for r in changed} == {1, 2}
    v2 = {r.status for r in changed if r.workflow == "adjudication" and r.workflow_version == 2}
    assert "heard" in v2  # a v2-only state, reached by the v2 scripts
    published = db.session.scalars(select(Case).where(Case.published_on.is_not(None))).all()
    assert published and all(c.workflow_version == 2 and c.status in ("decided", "closed")
                             for c in published)
    assert verify_chain().ok
