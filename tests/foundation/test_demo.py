"""seed-demo: the Tai'an organisation, its users and a case in every workflow state."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.config import Defaults
from caseflow.extensions import db


def _seed(app, expected: int) -> set[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert f"{expected} demo cases" in result.output
    assert verify_chain().ok
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "0 demo cases" in again.output
    return set(db.session.execute(select(Case.workflow, Case.workflow_version, Case.status)))


def _every_state(app, seen, versions):  # type: ignore[no-untyped-def]
    for compiled in app.extensions["caseflow.workflows"]:
        wf = compiled.workflow
        if versions.get(wf.name, wf.version) == wf.version:
            for state in wf.states:
                assert (wf.name, wf.version, state.name) in seen, (wf.name, wf.version, state.name)


@pytest.mark.parametrize("app_config", [{"WORKFLOW_VERSIONS": Defaults.WORKFLOW_VERSIONS}])
def test_the_demo_shows_the_2025_measures_and_open_v1_cases(app, app_config):
    seen = _seed(app, 43)
    _every_state(app, seen, {"adjudication": 2, "prelitigation_mediation": 2})
    # a few cases received before 2025-02-01 are still open under the 2015 rules
    for workflow in ("adjudication", "prelitigation_mediation"):
        old = db.session.scalars(select(Case).where(Case.workflow == workflow,
                                                    Case.workflow_version == 1)).all()
        assert old and all(c.closed_on is None and c.received_on.isoformat() < "2025-02-01"
                           for c in old)
    v2 = select(Case).where(Case.workflow == "adjudication", Case.workflow_version == 2)
    assert [c.open_periods for c in db.session.scalars(v2)].count("public_notice") == 1
    assert {c.suspension_decision for c in db.session.scalars(v2)} >= {"declined", "suspended"}
    assert any(c.published_on for c in db.session.scalars(v2.where(Case.status == "closed")))
    extensions = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "extend")
                                    .order_by(AuditEvent.seq)).all()
    assert [e.actor for e in extensions] == [f"{extensions[0].unit_code}-supervisor",
                                             "370900-supervisor"]
    assert extensions[0].case_id == extensions[1].case_id
    _served_as_the_timeline_says()


def _served_as_the_timeline_says() -> None:
    """The register agrees with the procedure's typed receipts, so the v2 clocks it drives
    run from the same days; electronic service only with the requester's consent on file."""

    from caseflow.documents.models import Document, DocumentService
    from caseflow.documents.serving import NO_ELECTRONIC

    services = db.session.scalars(select(DocumentService).join(Document)).all()
    reply = [s for s in services if s.document.kind == "reply_notice"]
    v2 = {c.id for c in db.session.scalars(select(Case).where(Case.workflow_version == 2))}
    assert reply and {s.served_on for s in reply if s.case_id in v2} == {date(2026, 10, 13)}
    electronic = [s for s in services if s.method == "electronic"]
    assert electronic and all(s.consent_evidence_id and s.address and
                              s.document.kind not in NO_ELECTRONIC for s in electronic)
    # each respondent's reply period runs from its registered service (the clocks did not move)
    from caseflow.deadlines.models import CaseClock
    from caseflow.documents.service_dates import registered_service_dates

    clocks = db.session.scalars(select(CaseClock).where(CaseClock.kind == "reply",
                                                        CaseClock.case_id.in_(v2))).all()
    assert clocks and all(
        c.started_on == registered_service_dates(db.session.get(Case, c.case_id),
                                                 "reply_notice")[c.party_id] for c in clocks)


def test_pinned_to_v1_the_demo_is_the_2015_one(app):
    # tests/conftest.py pins new cases to v1, as an operator may (WORKFLOW_VERSIONS)
    seen = _seed(app, 29)
    _every_state(app, seen, {"adjudication": 1, "prelitigation_mediation": 1})
    assert {version for _wf, version, _state in seen} == {1}


def test_demo_users_follow_the_naming_rule(app):
    from tests.factories import user

    for name in ("370900-supervisor", "370982-officer", "370982-mediator", "370982001-officer",
                 "370983002-officer", "admin"):
        assert user(name) is not None and user(name).check_password("caseflow-demo")


def test_the_demo_cases_carry_their_issued_documents(app):
    """seed-demo issues (签发) each draft its cases' acts drafted, through the real services:
    every document has a 文号 and a stored PDF whose SHA-256 is the recorded one."""
    import hashlib

    from caseflow.documents.models import ISSUED, Document
    from caseflow.documents.services import pdf_path

    _seed(app, 29)
    documents = db.session.scalars(select(Document)).all()
    assert documents and {d.status for d in documents} == {ISSUED}
    assert len({d.number for d in documents}) == len(documents)
    assert {"acceptance_notice", "reply_notice", "decision"} <= {d.kind for d in documents}
    for document in documents:
        assert hashlib.sha256(pdf_path(document).read_bytes()).hexdigest() == document.sha256
    issued = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "document_issued")).all()
    assert len(issued) == len(documents)
    # each issued on the day of the act that drafted it, not on the day the demo was seeded
    assert min(d.issued_on for d in documents).isoformat() < "2026-10-01"


def test_the_demo_serves_its_documents_through_the_register(app):
    """seed-demo registers the service (送达) of the issued documents through the service
    register: in person or by post (with its EMS number), the signed 送达回证 or the post's
    return slip uploaded as evidence, served on or after the day it was issued; a few are
    still on their way (待送达); every act is in the verified audit chain."""
    import hashlib

    from caseflow.cases.evidence import stored_path
    from caseflow.cases.models import Evidence
    from caseflow.documents.models import Document, DocumentService
    from caseflow.documents.serving import served_recipients
    from caseflow.documents.worklist import list_awaiting_service
    from tests.factories import user

    _seed(app, 29)
    services = db.session.scalars(select(DocumentService)).all()
    assert {s.method for s in services} == {"direct", "post"}  # v1: no consent on file
    for service in services:
        assert service.sent_on >= service.document.issued_on
        assert service.method != "post" or service.tracking_number
        if service.served_on is not None:
            assert service.sent_on <= service.served_on <= date(2026, 11, 25)
            proof = db.session.get(Evidence, service.proof_evidence_id)
            assert proof.case_id == service.case_id and "送达" in proof.filename + proof.description
            assert hashlib.sha256(stored_path(proof).read_bytes()).hexdigest() == proof.sha256
    waiting = [d for d in db.session.scalars(select(Document))
               if {r.id for r in d.recipients} - served_recipients(d)]
    assert waiting and {d.kind for d in waiting} == {"decision"}
    assert list_awaiting_service(user("370900-officer"), date(2026, 11, 25))
    events = {a: db.session.scalars(select(AuditEvent).where(AuditEvent.action == a)).all()
              for a in ("document_served", "document_service_proven")}
    assert len(events["document_served"]) == len(services)
    assert len(events["document_service_proven"]) == sum(
        s.method == "post" and s.served_on is not None for s in services)
