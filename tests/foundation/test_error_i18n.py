"""Domain-error messages follow the chosen language on pages and in the API; none lacks English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.errors import DomainError, ValidationFailed, localize
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Listing, Message
from tests.factories import intake_payload, open_case_via_api

PACKAGE = Path(__file__).resolve().parents[2] / "caseflow"
CATALOG = PACKAGE / "translations" / "en" / "LC_MESSAGES" / "messages.po"
ERROR_BASES = {"DomainError", "NotFound", "Forbidden", "Conflict", "ValidationFailed",
               "TooManyAttempts"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _english(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302


def _error(response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return response.get_json()["error"]


# --- the API ---------------------------------------------------------------------------------

def test_api_field_errors_are_chinese_by_default_and_english_once_chosen(client, api):
    headers = api("370982001-officer")
    bad = intake_payload(requesters=[], patent={"number": "ZL200930231150.9"})
    zh = client.post("/api/v1/cases", json=bad, headers=headers)
    assert zh.status_code == 422
    assert _error(zh)["message"] == "提交的内容有误。"
    assert _error(zh)["fields"]["requesters"] == "至少填写一名请求人。"
    assert _error(zh)["fields"]["patent.number"] == "专利号校验位错误：应为 3"
    _english(client)
    en = client.post("/api/v1/cases", json=bad, headers=headers)
    assert (en.status_code, _error(en)["code"]) == (422, "validation_failed")
    assert _error(en)["message"] == "The submission contains errors."
    assert _error(en)["fields"]["requesters"] == "Enter at least one requester."
    assert _error(en)["fields"]["patent.number"] == "Wrong patent check character: expected 3"


def test_api_formatted_refusals_translate_their_template_and_values(client, api):
    headers = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    body = {"trigger": "close", "version": case["version"], "data": {}}
    url = f"/api/v1/cases/{case['id']}/transitions"
    zh = client.post(url, json=body, headers=headers)
    assert zh.status_code == 409 and _error(zh)["message"] == "当前状态（收件）下不能执行此操作。"
    _english(client)
    en = client.post(url, json=body, headers=headers)
    assert en.status_code == 409
    assert _error(en)["message"] == "This action is not available in the current state (Received)."
    refused = client.post(url, json={"trigger": "accept", "version": case["version"],
                                     "data": {"conditions_confirmed": False,
                                              "court_action_filed": False}}, headers=headers)
    assert refused.status_code == 422  # a workflow guard: its own English, field and message
    assert _error(refused)["fields"]["conditions_confirmed"] == \
        "Confirm that all acceptance conditions hold."


def test_unauthenticated_api_error_is_english_for_an_english_session(client):
    assert _error(client.get("/api/v1/me"))["message"] == "请先登录或提供有效的访问令牌。"
    _english(client)
    assert _error(client.get("/api/v1/me"))["message"] == "Sign in or provide a valid access token."


# --- pages -----------------------------------------------------------------------------------

def test_admin_form_shows_service_errors_in_english(login):
    client = login("admin")
    _english(client)
    r = client.post("/admin/users", data={"username": "370982-officer", "name": "李四",
                                          "role": "officer", "unit": "370982",
                                          "password": "short"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "This user name is already taken." in page
    assert "The password must have at least 10 characters." in page
    assert "该用户名已存在" not in page and "密码至少" not in page


def _signed_in_english(app, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    r = client.post("/login", data={"username": username, "password": "caseflow-demo"})
    assert r.status_code == 302
    _english(client)
    return client


def test_case_action_form_and_flash_show_errors_in_english(app, client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    officer = _signed_in_english(app, "370982-officer")
    url = f"/cases/{case['id']}/actions/accept"
    r = officer.post(url, data={"version": str(case["version"]), "on": "2026-09-30"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "Confirm that all acceptance conditions hold." in page
    r = officer.post(url, data={"version": "99", "conditions_confirmed": "true"})
    page = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "The case has been changed by someone else; reload the page and try again." in page
    supervisor = _signed_in_english(app, "370982-supervisor")
    r = supervisor.post(f"/cases/{case['id']}/assign", data={
        "to_user": "nobody", "version": str(case["version"])}, follow_redirects=True)
    page = r.get_data(as_text=True)  # the flash: message and field message, one after another
    assert "The submission contains errors. User nobody does not exist or has been " \
        "deactivated." in page
    assert db.session.scalar(select(Case.status).where(Case.id == case["id"])) == "received"


def test_intake_form_errors_are_english(app):
    officer = _signed_in_english(app, "370982001-officer")
    r = officer.post("/cases/new", data={"workflow": "adjudication", "received_on": "2026-13-01",
                                         "patent_number": "ZL200930231150.9"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Dates must be in the format YYYY-MM-DD." in page
    assert "日期格式应为" not in page


def test_error_page_of_a_domain_error_is_english(app):
    officer = _signed_in_english(app, "370982-officer")
    r = officer.get("/cases/999999")
    assert r.status_code == 404 and "No such case." in r.get_data(as_text=True)


# --- the helper, outside any request ---------------------------------------------------------

def test_messages_stay_chinese_strings_for_services_and_the_cli(app):
    reasons = Listing([Message(N_("已声明回避：%(reason)s"), {"reason": "亲属"}),
                       Message(N_("与当事人“%(party)s”存在利害关系"), {"party": "甲公司"})])
    err = ValidationFailed(N_("%(name)s须回避：%(reasons)s"),
                           params={"name": "王五", "reasons": reasons},
                           fields={"x": Message(N_("最多 %(n)s 名。"), {"n": 20})})
    assert err.message == "王五须回避：已声明回避：亲属；与当事人“甲公司”存在利害关系"
    assert err.fields == {"x": "最多 20 名。"}
    assert localize(err.message) == err.message  # no request: the default locale
    with app.test_request_context():
        from flask import session
        from flask_babel import refresh

        session["lang"] = "en"
        refresh()  # the locale of the test's own app context was read above
        assert err.localized() == ("王五 must recuse: declared recusal: 亲属; "
                                   "has a conflict of interest with the party “甲公司”")
        assert err.localized_fields() == {"x": "At most 20."}
        assert DomainError("").localized() == ""


# --- the catalog -----------------------------------------------------------------------------

def _call_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """Return the names of DomainError and every class derived from it in the package."""
    names, grown = set(ERROR_BASES), True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        _call_name(b) in names for b in node.bases):
                    names.add(node.name)
                    grown = True
    return names


def _messages() -> tuple[list[tuple[str, str]], list[str]]:
    """Return (msgid, where) for every N_ text and every literal given to a domain error,
    and where a domain error is given an f-string (which no catalog can translate)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}
    errors = _error_classes(trees)
    found: list[tuple[str, str]] = []
    fstrings: list[str] = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            name = _call_name(node.func)
            texts: list[ast.expr] = []
            if name == "N_":
                texts = node.args[:1]
            elif name in errors:
                texts = node.args[:1] + [v for kw in node.keywords if kw.arg == "fields"
                                         and isinstance(kw.value, ast.Dict)
                                         for v in kw.value.values]
            for text in texts:
                if isinstance(text, ast.Call) and _call_name(text.func) in ("N_", "Message"):
                    text = text.args[0] if text.args else text
                if isinstance(text, ast.JoinedStr):
                    fstrings.append(where)
                elif isinstance(text, ast.Constant) and isinstance(text.value, str) \
                        and text.value:
                    found.append((text.value, where))
    return found, fstrings


def test_every_domain_error_message_has_an_english_translation():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    found, _ = _messages()
    assert len({msgid for msgid, _ in found}) > 150  # the scan does see the raise sites
    problems = []
    for msgid, where in found:
        entry = catalog.get(msgid)
        english = entry.string if entry is not None else None
        if entry is None or entry.fuzzy or not english or not english.strip():
            problems.append(f"{where}: no English for {msgid!r}")
        elif set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(english)):
            problems.append(f"{where}: placeholders differ in {msgid!r} -> {english!r}")
    assert not problems, "extract and update the catalog (README: Translations), then " \
        "translate:\n" + "\n".join(sorted(set(problems)))


def test_no_domain_error_is_raised_with_an_f_string():
    _, fstrings = _messages()
    assert not fstrings, "use N_('...%(name)s...') with params= instead: " + ", ".join(fstrings)
