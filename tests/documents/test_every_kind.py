"""Every document kind renders under every rule set its workflows follow, and reads back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from caseflow.cases.scope import get_case_for
from caseflow.documents import services
from caseflow.documents.models import Document
from caseflow.extensions import db
from tests.documents.helpers import accepted_case, fire, pdf_text
from tests.factories import open_case_via_api, user

RULES = {"adjudication": ("measures_2015", "measures_2025"),
         "prelitigation_mediation": ("measures_2015", "measures_2025"),
         "court_entrusted_mediation": ("court_mediation",)}


def _cases(client, api):  # type: ignore[no-untyped-def]
    mediator = api("370982-mediator")
    court = {"name": "泰安市中级人民法院", "case_number": "(2026)鲁09民初123号",
             "procedure": "ordinary"}
    entrusted = open_case_via_api(client, mediator, workflow="court_entrusted_mediation",
                                  intake_unit=None, court=court)
    fire(client, mediator, entrusted, "sign_for", on="2026-11-02")
    mediation = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                                  intake_unit=None, confirm_duplicate=True)
    return {"adjudication": accepted_case(client, api)["id"],
            "prelitigation_mediation": mediation["id"],
            "court_entrusted_mediation": entrusted["id"]}


def test_every_kind_renders_and_reads_back(app, client, api):
    ids = _cases(client, api)
    supervisor = user("370982-supervisor")
    seen = set()
    for workflow, case_id in ids.items():
        for template in sorted(services.catalog(), key=lambda t: t.kind):
            if workflow not in template.workflows:
                continue
            for rules in RULES[workflow]:
                case = get_case_for(supervisor, case_id)
                # drafted directly: the transitions that draft each kind are tested elsewhere
                document = services._new_draft(case, template, supervisor, rules)
                text = {t.name: f"测试内容{t.name}" for t in template.texts}
                services.edit_draft(supervisor, case, document, text)
                services.issue_document(supervisor, case, document)
                db.session.commit()
                stored = Path(app.config["DOCUMENTS_FOLDER"]) / document.stored_name
                content = stored.read_bytes()
                assert hashlib.sha256(content).hexdigest() == document.sha256
                read = pdf_text(content)
                basis = template.legal_basis[rules]
                for expected in (template.title(rules), document.number, basis[:10],
                                 "新泰市市场监督管理局", *text.values()):
                    assert expected in read, (template.kind, rules, expected, read)
                if template.attachments:
                    assert template.attachments[0].title in read
                seen.add(template.kind)
    assert seen == {t.kind for t in services.catalog()}
    assert db.session.query(Document).filter(Document.status == "issued").count() >= len(seen)
