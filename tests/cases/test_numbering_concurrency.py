"""Two processes filing at the same moment never share or skip a case number."""

from __future__ import annotations

import multiprocessing
import re

from sqlalchemy import select

from caseflow.cases.intake import parse_intake
from caseflow.cases.models import Case
from caseflow.cases.services import open_case
from caseflow.extensions import db
from caseflow.timeutil import today
from tests.factories import intake_payload, user

PER_WORKER = 12


def _accept_all(url: str, case_ids: list[int]) -> None:
    from caseflow import create_app
    from caseflow.cases.actions import perform_action
    from caseflow.extensions import db
    from tests.factories import user

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret-key", "TESTING": True})
    with app.app_context():
        registry = app.extensions["caseflow.workflows"]
        for case_id in case_ids:
            actor = user("370982-officer")
            case = db.session.scalar(select(Case).where(Case.id == case_id)
                                     .with_for_update(of=Case))
            perform_action(case, "accept", actor, registry=registry, on="2026-10-09",
                           data={"conditions_confirmed": True})
            db.session.commit()
        db.engine.dispose()


def test_concurrent_filing_is_gap_free_and_unique(app):
    registry = app.extensions["caseflow.workflows"]
    officer = user("370982001-officer")
    ids = []
    for i in range(2 * PER_WORKER):
        inp, errors, _ = parse_intake(intake_payload(
            received_on="2026-10-08", confirm_duplicate=True,
            respondents=[{"kind": "person", "name": f"被请求人{i}"}]), today())
        assert not errors
        case, _ = open_case(officer, inp, registry)
        ids.append(case.id)
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_accept_all, args=(url, ids[n::2])) for n in (0, 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(180)
        assert w.exitcode == 0
    numbers = list(db.session.scalars(select(Case.number).where(Case.id.in_(ids))))
    serials = sorted(int(re.search(r"〕(\d+)号", n).group(1)) for n in numbers)
    assert serials == list(range(1, 2 * PER_WORKER + 1))
