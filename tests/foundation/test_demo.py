"""seed-demo: the Tai'an organisation, its users and a case in every workflow state."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.cases.workflow_versions import new_case_workflow
from caseflow.extensions import db


def test_seed_demo_creates_a_case_in_every_state(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "29 demo cases" in result.output
    seen = set(db.session.execute(select(Case.workflow, Case.workflow_version,
                                         Case.status)).all())
    registry = app.extensions["caseflow.workflows"]
    for name in registry.names():  # every state of the version new cases open under
        wf = new_case_workflow(registry, name, app.config).workflow
        for state in wf.states:
            assert (wf.name, wf.version, state.name) in seen, (wf.key, state.name)
    assert verify_chain().ok
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "0 demo cases" in again.output


def test_demo_users_follow_the_naming_rule(app):
    from tests.factories import user

    for name in ("370900-supervisor", "370982-officer", "370982-mediator", "370982001-officer",
                 "370983002-officer", "370900-officer2", "370900-officer3", "370982-officer2",
                 "370982-officer3", "admin"):
        assert user(name) is not None and user(name).check_password("caseflow-demo")
    assert user("370982001-officer2") is None  # stations keep their one officer


def test_every_bureau_has_three_officers_for_a_panel(app):
    from caseflow.auth.models import User
    from caseflow.demo import CITY, COUNTIES
    from tests.factories import unit

    for code in [CITY[0], *(county[0] for county in COUNTIES)]:
        officers = db.session.scalars(select(User).where(
            User.unit_id == unit(code).id, User.role == "officer", User.active)).all()
        assert sorted(u.username for u in officers) == [
            f"{code}-officer", f"{code}-officer2", f"{code}-officer3"], code
        assert len({u.name for u in officers}) == 3  # told apart in lists and panels
