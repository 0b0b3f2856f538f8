"""English is complete: the main pages, rendered in English for each demo role, show no Chinese
except user data.

How user data is told apart (robust without marking every template): the pages are rendered
on the seeded demo database, and every text value *stored* there — unit and user names, case and
receipt numbers, party names and addresses, patent titles and patentees, summaries, court names,
evidence filenames, assist descriptions, conflicts, recusal reasons, entrustment instruments,
calendar day names, and the free-text values recorded in audit events (notes, reasons, typed
inputs; not the texts the system wrote there: routing reasons, warning and reminder messages,
which must be shown translated) — is collected from the database and cut out of the page text, longest first. Text inside
an element marked `lang="zh"` (other than the page's own <html lang>) or `data-user` is skipped as well (for data a template labels as
such). What remains is the page's own text: the visible text nodes (scripts and styles left out)
plus the `title`, `placeholder`, `aria-label` and `alt` attributes; any CJK character left in it
is an untranslated string, reported with its surroundings and the page it was found on.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
SKIPPED = {"script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
#: the demo roles: officer, mediator, supervisors of the city and of a county, a station
#: officer and the administrator
ROLES = {"officer": "370982-officer", "mediator": "370982-mediator",
         "city supervisor": "370900-supervisor", "county supervisor": "370982-supervisor",
         "station officer": "370982001-officer", "admin": "admin"}
CASE_WORKER_PAGES = ["/", "/cases", "/cases/new", "/deadlines", "/deadlines/provisional",
                     "/notifications", "/routing/inbox", "/profile/conflicts", "/org",
                     "/cases?overdue=1", "/cases/999999"]
SUPERVISOR_PAGES = ["/reports/kpis", "/reports/kpis/cases?figure=received",
                    "/reports/kpis/cases?figure=closed", "/reports/kpis/cases?figure=on_time",
                    "/reports/kpis/cases?figure=closed_by_type.decision",
                    "/reports/kpis/cases?figure=mediation_succeeded", "/reports/oversight", "/audit",
                    "/audit?action=transition"]
ADMIN_PAGES = ["/", "/admin/users", "/admin/units", "/admin/units/370982", "/admin/calendar",
               "/admin/routing", "/audit", "/org", "/cases"]


class _Text(HTMLParser):
    """Collect the text a reader sees, outside <script>/<style> and data-marked elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is it skipped?

    def _skipping(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        marked = tag != "html" and (values.get("lang") or "").startswith("zh")
        skip = tag in SKIPPED or marked or "data-user" in values
        if not self._skipping() and not skip:
            self.parts += [v for k, v in attrs if k in SHOWN_ATTRIBUTES and v]
        if tag not in VOID:
            self._stack.append(skip)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skipping():
            self.parts += [v for k, v in attrs if k in SHOWN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.parts.append(data)


#: audit-data keys whose text the system wrote (not user data): these must be translated
SYSTEM_KEYS = {"routing_reasons", "message", "warnings"}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in SYSTEM_KEYS for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _user_data() -> list[str]:
    """Every stored text value with Chinese in it, longest first (see the module docstring)."""
    values: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name in ("audit_events", "notifications", "alembic_version"):
            continue
        columns = [c for c in table.columns if c.type.python_type is str
                   and not c.name.endswith(("_enc", "_digest", "hash"))]
        if columns:
            for row in db.session.execute(select(*columns)):
                values |= {v for v in row if isinstance(v, str)}
    for data in db.session.scalars(select(AuditEvent.data)):
        values |= set(_strings(json.loads(data or "{}")))
    for unit_name in list(values):  # a unit's short name is shown with its parents' too
        values |= {part for part in re.split(r"[\s/·，、]", unit_name) if part}
    return sorted((v.strip() for v in values if CJK.search(v)), key=len, reverse=True)


def _chinese_left(html: str, data: list[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in data:
        text = text.replace(value, " ")
    return [text[max(0, m.start() - 20): m.end() + 20].replace("\n", " ")
            for m in CJK.finditer(text)]


@pytest.fixture
def demo(app):  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return app


def _case_pages() -> list[str]:
    """A case of every workflow in every state the demo has (each with its history)."""
    from caseflow.cases.models import Case

    seen: dict[tuple[str, str], int] = {}
    for case in db.session.scalars(select(Case).order_by(Case.id)):
        seen.setdefault((case.workflow, case.status), case.id)
    return [f"/cases/{case_id}" for case_id in seen.values()]


def _check(client, paths: list[str], data: list[str], who: str,  # type: ignore[no-untyped-def]
           shown: list[str] | None = None) -> list[str]:
    """GET each path; return the Chinese left on each (403/404 pages are checked too)."""
    problems = []
    shown = [] if shown is None else shown
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 403, 404), (who, path, response.status_code)
        if response.status_code == 200:
            shown.append(path)
        for hit in _chinese_left(response.get_data(as_text=True), data):
            problems.append(f"{who} {path}: …{hit}…")
    assert shown, (who, paths)
    return problems


@pytest.mark.parametrize("role", sorted(ROLES))
def test_main_pages_in_english_show_no_chinese_but_user_data(demo, client, login, role):  # type: ignore[no-untyped-def]
    data = _user_data()
    assert len(data) > 100  # the demo's names, numbers and titles are known
    login(ROLES[role])
    assert client.post("/lang/en").status_code in (302, 303, 204, 200)
    if role == "admin":
        paths = ADMIN_PAGES
    else:
        paths = CASE_WORKER_PAGES + _case_pages()
        if role == "officer":  # the correction page of a case in every state
            paths += [f"{page}/correct" for page in _case_pages()]
        if "supervisor" in role:
            paths += SUPERVISOR_PAGES
    shown: list[str] = []
    problems = _check(client, paths, data, role, shown)
    cases = [p for p in shown if p.startswith("/cases/") and p[7:].isdigit()]
    if role == "city supervisor":  # the city sees every case: every workflow in every state
        assert set(cases) == set(_case_pages()), set(_case_pages()) - set(cases)
    elif role != "admin":
        assert cases, role  # each case worker sees the cases of their unit
    if "supervisor" in role or role == "admin":
        response = client.post("/audit/verify")
        assert response.status_code == 200
        problems += [f"{role} POST /audit/verify: …{hit}…"
                     for hit in _chinese_left(response.get_data(as_text=True), data)]
    assert not problems, f"{len(problems)} Chinese strings left in English:\n" + \
        "\n".join(sorted(set(problems)))


def test_the_check_sees_chinese_page_text(demo, client, login):  # type: ignore[no-untyped-def]
    """The same pages in Chinese are full of it: the scan would catch a missing translation."""
    data = _user_data()
    login(ROLES["officer"])
    assert len(_check(client, ["/cases"], data, "officer")) > 10


def test_error_pages_in_english(demo, client):  # type: ignore[no-untyped-def]
    client.post("/lang/en")
    data = _user_data()
    for path in ("/no-such-page", "/cases", "/login"):
        response = client.get(path, follow_redirects=True)
        assert not _chinese_left(response.get_data(as_text=True), data), path


def test_flashes_after_an_action_in_english(app, client, login, api):  # type: ignore[no-untyped-def]
    """The success flash and a workflow warning (design patent, no evaluation report) after an
    action taken in English read in English, and so does the warning in the history."""
    from caseflow.cases.models import Case
    from tests.factories import open_case_via_api

    case_id = open_case_via_api(client, api("370982001-officer"))["id"]
    login("370982-officer")
    client.post("/lang/en")
    version = db.session.get(Case, case_id).version
    response = client.post(f"/cases/{case_id}/actions/accept", data={
        "on": "2026-09-30", "conditions_confirmed": "true", "version": str(version)})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No patent evaluation report is on file" in page
    assert not _chinese_left(page, _user_data())


def test_deadline_reminders_in_english(demo, client, login):  # type: ignore[no-untyped-def]
    """The sweep stores its reminders in Chinese; the inbox reads them back in English."""
    from caseflow.deadlines.models import Notification
    from caseflow.deadlines.sweep import run_sweep
    from caseflow.timeutil import today
    from tests.factories import user

    run_sweep(today())
    db.session.commit()
    officer = user("370982-supervisor")
    assert db.session.scalar(select(Notification.id).where(Notification.user_id == officer.id))
    login("370982-supervisor")
    client.post("/lang/en")
    page = client.get("/notifications").get_data(as_text=True)
    assert "overdue" in page
    assert not _chinese_left(page, _user_data())
