"""The case page at 1366x768 and 1920x1080, in Chinese and English, for the three procedures.

Screenshots of every section go to test-output/e2e/<test>/. "Nothing overlaps" is measured, not
eyeballed: the bounding boxes of the page's layout blocks (navigation, header and its facts,
section navigation, the shown section and, in 办理, the act list and the side column, the cells
of each table row) must not intersect pairwise, and nothing may reach past the viewport's width.
axe-core runs on every section in both languages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Journey

#: (procedure, a handling-unit user who works such cases, the case list filter)
CASES = [
    ("adjudication", "370921-supervisor", "workflow=adjudication&status=decision_pending"),
    ("mediation", "370983-mediator", "workflow=prelitigation_mediation&status=mediating"),
    ("court-entrusted", "370911-mediator", "workflow=court_entrusted_mediation&status=mediating"),
]
SECTIONS = {"zh": ["办理", "期限", "当事人", "证据", "文书", "流程图", "记录"],
            "en": ["Act", "Deadlines", "Parties", "Evidence", "Documents", "Workflow", "History"]}

# Boxes of the visible layout blocks, then the pairs that intersect by more than a pixel.
OVERLAPS = """() => {
  const blocks = [];
  const add = (group, el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width > 0 && r.height > 0 && s.visibility !== 'hidden') {
      blocks.push({group, name: el.id || el.className || el.tagName, r});
    }
  };
  const page = ['nav.navbar', '#case-header', '.case-tabs', '.case-panel.is-active'];
  page.forEach(sel => document.querySelectorAll(sel).forEach(el => add('page', el)));
  document.querySelectorAll('#case-header .case-fact, #case-header .case-title > *')
    .forEach(el => add('header', el));
  document.querySelectorAll('.case-panel.is-active .case-act-layout > *')
    .forEach(el => add('act', el));
  document.querySelectorAll('nav.navbar .container-fluid > *').forEach(el => add('navbar', el));
  const found = [];
  const groups = {};
  blocks.forEach(b => (groups[b.group] = groups[b.group] || []).push(b));
  Object.values(groups).forEach(list => {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
      const a = list[i].r, b = list[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) found.push(`${list[i].name} x ${list[j].name}`);
    }
  });
  document.querySelectorAll('.case-panel.is-active tr').forEach((row, n) => {
    const cells = Array.from(row.children).map(c => c.getBoundingClientRect());
    for (let i = 0; i + 1 < cells.length; i++) {
      if (cells[i].right - cells[i + 1].left > 1) found.push(`row ${n} cells ${i}/${i + 1}`);
    }
    Array.from(row.children).forEach((c, i) => {
      if (c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflowX === 'visible')
        found.push(`row ${n} cell ${i} overflows its column`);
    });
  });
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) found.push(`page ${document.documentElement.scrollWidth}px wide`);
  blocks.forEach(b => { if (b.r.right > width + 1) found.push(`${b.name} ends at ${b.r.right}px`); });
  return found;
}"""


def _open_case(j: Journey, user: str, query: str) -> None:
    j.sign_in(user)
    j.page.goto(f"{j.base}/cases?{query}")
    j.page.locator("table tbody tr").first.get_by_role("link").first.click()
    expect(j.page.locator("#case-number")).to_be_visible()


def _english(j: Journey) -> None:
    j.page.locator("nav").get_by_role("button", name="English").click()
    expect(j.page.locator("html")).to_have_attribute("lang", "en")


def _walk_sections(j: Journey, lang: str) -> None:
    for name in SECTIONS[lang]:
        j.section(name)
        expect(j.page.locator(".case-panel.is-active")).to_be_visible()
        act = j.page.locator(".case-panel.is-active details.case-act").first
        if act.count() and act.get_attribute("open") is None:
            act.locator("summary").click()  # the screenshot shows a form open
        overlaps = j.page.evaluate(OVERLAPS)
        assert not overlaps, f"{lang} {name}: {overlaps}"
        j.shot(f"{lang}-{name}")
        j.axe(f"case page {lang} {name}")


@pytest.mark.parametrize(("procedure", "user", "query"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_case_page_sections_do_not_overlap(chromium, live_server, request, procedure, user,
                                           query, size):
    j = Journey(chromium, live_server, f"{request.node.name}", viewport=size)
    try:
        _open_case(j, user, query)
        # an act opened shows its form: the date is today's, one act open at a time
        first, second = j.page.locator("details.case-act").nth(0), j.page.locator(
            "details.case-act").nth(1)
        first.locator("summary").click()
        second.locator("summary").click()
        expect(j.page.locator("details.case-act[open]")).to_have_count(1)
        on = second.locator("input[name=on]")
        if on.count():
            expect(on).to_have_value("2026-11-25")
        _walk_sections(j, "zh")
        _english(j)
        _walk_sections(j, "en")
    finally:
        j.close()


def test_history_section_reads_plainly_and_the_diagram_shows_the_current_state(journey):
    j = journey
    _open_case(j, "370921-supervisor", "workflow=adjudication&status=decision_pending")
    j.section("记录")
    history = j.page.locator("#audit-trail").inner_text()
    for raw in ("sign_for", "transition", "trigger", "{"):
        assert raw not in history
    assert not re.search(r"(?<![\d收])370921(?!\d)", history)  # no bare unit code
    assert "受理立案" in history and "签收案件" in history
    j.section("流程图")
    current = j.page.locator("#tab-diagram .wf-current")
    box, frame = current.bounding_box(), j.page.locator(".wf-diagram").bounding_box()
    assert box and frame
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]


def test_print_shows_the_summary_without_navigation_or_forms(journey):
    j, page = journey, journey.page
    _open_case(j, "370921-supervisor", "workflow=adjudication&status=decision_pending")
    page.emulate_media(media="print")
    for hidden in ("nav.navbar", ".case-tabs", "#tab-act", "form"):
        for el in page.locator(hidden).all():
            expect(el).to_be_hidden()
    for shown in ("#case-header", "#tab-deadlines", "#tab-parties", "#tab-history"):
        expect(page.locator(shown)).to_be_visible()
    page.pdf(path=str(j.folder / "case-summary.pdf"))


def test_supervisor_queue_is_counted_in_the_navigation(journey):
    j, page = journey, journey.page
    j.sign_in("370921-supervisor")
    count = page.locator("#approval-count")
    expect(count).to_be_visible()
    page.locator("#nav-approvals").click()
    rows = page.locator("#approvals tbody tr")
    expect(rows).to_have_count(int(count.inner_text()))
    j.shot("approvals")
    j.axe("home with the approval queue")
    rows.first.get_by_role("link").click()
    expect(page.locator("details.case-act").filter(
        has=page.get_by_role("heading", name="批准处理决定"))).to_be_visible()


@pytest.mark.parametrize("user", ["370900-supervisor", "370921-supervisor", "admin"])
def test_navigation_fits_at_1366_in_both_languages(chromium, live_server, request, user):
    j = Journey(chromium, live_server, request.node.name, viewport=(1366, 768))
    try:
        j.sign_in(user)
        for lang in ("zh", "en"):
            if lang == "en":
                _english(j)
            width = j.page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1366, f"{user} {lang}: page {width}px wide"
            top = {round(b["y"]) for b in (el.bounding_box() for el in j.page.locator(
                "nav.navbar .nav-link").all()) if b}
            assert len(top) == 1, f"{user} {lang}: navigation wraps ({top})"
            j.shot(f"home-{lang}")
    finally:
        j.close()
