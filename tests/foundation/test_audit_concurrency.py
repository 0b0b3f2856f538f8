"""Two processes appending at once leave one unbroken chain."""

from __future__ import annotations

import multiprocessing

from caseflow.audit import services as audit
from caseflow.extensions import db

APPENDS = 40


def _append_many(url: str, worker: int) -> None:
    from caseflow import create_app
    from caseflow.audit import services
    from caseflow.extensions import db

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        for i in range(APPENDS):
            services.record("probe", actor_name=f"worker-{worker}", data={"i": i})
            db.session.commit()
        db.engine.dispose()


def test_two_processes_never_fork_the_chain(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    before = audit.verify_chain().events_checked
    db.session.rollback()  # end the read transaction (on SQLite it holds the write lock)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_append_many, args=(url, n)) for n in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    verdict = audit.verify_chain()
    assert verdict.ok, verdict
    assert verdict.events_checked == before + 2 * APPENDS
