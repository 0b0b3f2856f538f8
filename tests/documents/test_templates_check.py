"""Templates as data: the start-up check refuses a bad template, naming the file and problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseflow import ROOT, create_app
from caseflow.config import StartupRefused
from caseflow.documents.catalog import CatalogError
from caseflow.documents.checks import load_documents

SOURCE = ROOT / "documents"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "documents"
    shutil.copytree(SOURCE, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_templates_cover_every_kind_the_issue_lists(app):
    catalog = app.extensions["caseflow.documents"]
    assert {t.kind for t in catalog} == {
        "receipt", "correction_notice", "acceptance_notice", "rejection_notice", "reply_notice",
        "hearing_notice", "suspension_notice", "resumption_notice", "extension_approval",
        "decision", "mediation_agreement", "mediation_termination", "confirmation_application",
        "court_return_letter", "closure_approval", "closure_report", "service_receipt"}
    assert catalog.get("hearing_notice").attachments[0].title == "口头审理回执"
    decision = catalog.get("decision")
    assert decision.title("measures_2015") == "专利侵权纠纷处理决定书"
    assert decision.title("measures_2025") == "专利侵权纠纷行政裁决书"
    assert "第三十条" in decision.legal_basis["measures_2025"]
    assert [t.kind for t in catalog.drafted_by("adjudication", "accept")] == ["acceptance_notice"]


@pytest.mark.parametrize(("name", "old", "new", "problem"), [
    ("acceptance_notice.yaml", "fields: [case_number,", "fields: [case_colour, case_number,",
     "acceptance_notice.yaml: fields: unknown case field 'case_colour'"),
    ("acceptance_notice.yaml", "{{ patent_title }}", "{{ patent_colour }}",
     "acceptance_notice.yaml: body: unknown field 'patent_colour'"),
    ("acceptance_notice.yaml", "{{ received_on }}", "{{ summary }}",
     "acceptance_notice.yaml: body: a case field not listed in `fields` 'summary'"),
    ("acceptance_notice.yaml", "[adjudication.accept]", "[adjudication.fly]",
     "acceptance_notice.yaml: issued_by.transitions: unknown trigger 'adjudication.fly'"),
    ("acceptance_notice.yaml", "measures_2025: 《", "measures_2030: 《",
     "acceptance_notice.yaml: legal_basis: unknown rule set 'measures_2030'"),
    ("reply_notice.yaml", "  measures_2015: 《专利行政执法办法》第十一条\n", "",
     "reply_notice.yaml: legal_basis: no basis for rule set 'measures_2015', which a case "
     "of its workflows follows"),
    ("decision.yaml", "{serial}号", "{serial}{month}号",
     "decision.yaml: number: unknown placeholder(s) ['month']; use {prefix}, {year}, {serial}"),
    ("decision.yaml", "body: |", "colour: red\nbody: |", "decision.yaml: unknown key 'colour'"),
    ("decision.yaml", "{{ orders }}", "{{ orders ", "decision.yaml: body: line"),
])
def test_a_bad_template_is_refused(folder, app, name, old, new, problem):
    _edit(folder, name, old, new)
    with pytest.raises(CatalogError) as caught:
        load_documents(folder, app.extensions["caseflow.workflows"])
    assert any(e.startswith(problem) for e in caught.value.errors), caught.value.errors


def test_the_app_refuses_to_start_on_a_bad_template(folder, app):
    _edit(folder, "acceptance_notice.yaml", "[adjudication.accept]", "[adjudication.fly]")
    with pytest.raises(StartupRefused, match="unknown trigger 'adjudication.fly'"):
        create_app({**app.config, "DOCUMENTS_DIR": str(folder), "TESTING": True})


def test_documents_check_cli(folder, app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["documents", "check"])
    assert ok.exit_code == 0 and "OK  acceptance_notice (受理通知书): adjudication.accept" in ok.output
    _edit(folder, "reply_notice.yaml", "fields: [", "fields: [no_such_field, ")
    bad = runner.invoke(args=["documents", "check", str(folder)])
    assert bad.exit_code == 1
    assert "FAIL reply_notice.yaml: fields: unknown case field 'no_such_field'" in bad.output
