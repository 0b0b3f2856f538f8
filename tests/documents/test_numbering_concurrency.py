"""Two processes issuing the same kind at the same moment never share or skip a 文号."""

from __future__ import annotations

import multiprocessing
import re

from sqlalchemy import select

from caseflow.cases.actions import perform_action
from caseflow.cases.intake import parse_intake
from caseflow.cases.services import open_case
from caseflow.documents.models import Document
from caseflow.extensions import db
from caseflow.timeutil import today
from tests.factories import intake_payload, user

PER_WORKER = 5


def _issue_all(url: str, folder: str, document_ids: list[int]) -> None:
    from caseflow import create_app
    from caseflow.documents.queries import get_document_for
    from caseflow.documents.services import issue_document
    from caseflow.extensions import db
    from tests.factories import user

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret-key", "TESTING": True,
                      "DOCUMENTS_FOLDER": folder, "TODAY": "2026-11-25"})
    with app.app_context():
        for document_id in document_ids:
            actor = user("370982-supervisor")
            case, document = get_document_for(actor, document_id)
            issue_document(actor, case, document)
            db.session.commit()
        db.engine.dispose()


def test_concurrent_issuing_is_gap_free_and_unique(app, tmp_path):
    registry = app.extensions["caseflow.workflows"]
    station, officer = user("370982001-officer"), user("370982-officer")
    for i in range(2 * PER_WORKER):
        inp, errors, _ = parse_intake(intake_payload(
            received_on="2026-10-08", confirm_duplicate=True,
            respondents=[{"kind": "person", "name": f"被请求人{i}"}]), today())
        assert not errors
        case, _ = open_case(station, inp, registry)
        perform_action(case, "accept", officer, registry=registry, on="2026-10-09",
                       data={"conditions_confirmed": True})
    db.session.commit()
    ids = list(db.session.scalars(select(Document.id).where(
        Document.kind == "acceptance_notice").order_by(Document.id)))
    assert len(ids) == 2 * PER_WORKER
    db.session.rollback()  # hold no (SQLite write) transaction while the workers run
    url, folder = app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path / "documents")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_issue_all, args=(url, folder, ids[n::2])) for n in (0, 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
        assert w.exitcode == 0
    db.session.expire_all()
    numbers = list(db.session.scalars(select(Document.number).where(Document.id.in_(ids))))
    serials = sorted(int(re.search(r"〕(\d+)号", n).group(1)) for n in numbers)
    assert serials == list(range(1, 2 * PER_WORKER + 1))
    assert all(n.startswith("新泰市监知受〔2026〕") for n in numbers)
