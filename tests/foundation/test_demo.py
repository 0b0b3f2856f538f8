"""seed-demo: the Tai'an organisation, its users and a case in every workflow state."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db


def test_seed_demo_creates_a_case_in_every_state(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "29 demo cases" in result.output
    seen = set(db.session.execute(select(Case.workflow, Case.status)).all())
    registry = app.extensions["caseflow.workflows"]
    for compiled in registry:
        wf = compiled.workflow
        for state in wf.states:
            assert (wf.name, state.name) in seen, (wf.name, state.name)
    assert verify_chain().ok
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "0 demo cases" in again.output


def test_demo_users_follow_the_naming_rule(app):
    from tests.factories import user

    for name in ("370900-supervisor", "370982-officer", "370982-mediator", "370982001-officer",
                 "370983002-officer", "admin"):
        assert user(name) is not None and user(name).check_password("caseflow-demo")
