"""Two officers taking in requests on the same new patent at the same moment share one row."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from caseflow.cases.identifiers import _patent_check_char
from caseflow.cases.models import Case, Patent
from caseflow.extensions import db

ROUNDS = 8


def _numbers() -> list[str]:
    bodies = [f"2026302{n:05d}" for n in range(1, ROUNDS + 1)]
    return [f"ZL{b}.{_patent_check_char(b)}" for b in bodies]


def _intake_each(url: str, worker: int, barrier) -> None:  # type: ignore[no-untyped-def]
    from caseflow import create_app
    from caseflow.cases.intake import parse_intake
    from caseflow.cases.services import open_case
    from caseflow.timeutil import today
    from tests.factories import intake_payload, user

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret-key", "TESTING": True,
                      "TODAY": "2026-11-25"})
    with app.app_context():
        registry = app.extensions["caseflow.workflows"]
        for n, number in enumerate(_numbers()):
            inp, errors, _ = parse_intake(intake_payload(
                received_on="2026-10-08", confirm_duplicate=True,
                patent={"number": number, "title": f"外观设计{n}"},
                respondents=[{"kind": "person", "name": f"被请求人{worker}-{n}"}]), today())
            assert not errors, errors
            barrier.wait(60)
            open_case(user("370982001-officer"), inp, registry)
            db.session.commit()
        db.engine.dispose()


def test_simultaneous_intakes_of_a_new_patent_share_one_row(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [ctx.Process(target=_intake_each, args=(url, w, barrier)) for w in (0, 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(180)
        assert w.exitcode == 0
    normalised = [n.removeprefix("ZL") for n in _numbers()]
    assert db.session.scalar(
        select(func.count()).select_from(Patent).where(Patent.number.in_(normalised))) == ROUNDS
    per_patent = dict(db.session.execute(
        select(Patent.number, func.count(Case.id)).join(Case, Case.patent_id == Patent.id)
        .where(Patent.number.in_(normalised)).group_by(Patent.number)).all())
    assert per_patent == {n: 2 for n in normalised}
