"""axe-core on the main pages: no serious or critical violation, in Chinese and English."""

from __future__ import annotations

from playwright.sync_api import expect


def test_login_page_has_no_serious_violation(journey):
    journey.page.goto(f"{journey.base}/login")
    journey.axe("login")


def test_officer_pages_have_no_serious_violation(journey):
    j, page = journey, journey.page
    j.sign_in("370900-officer")
    j.axe("home")
    page.goto(f"{j.base}/cases")
    j.axe("case list")
    page.goto(f"{j.base}/cases/new")
    j.axe("intake")
    page.goto(f"{j.base}/cases")
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    expect(page.locator("#case-number")).to_be_visible()
    j.axe("case page")


def test_supervisor_pages_have_no_serious_violation(journey):
    j, page = journey, journey.page
    j.sign_in("370900-supervisor")
    j.axe("supervisor home")
    page.goto(f"{j.base}/reports/kpis")
    j.axe("KPI dashboard")
    page.goto(f"{j.base}/audit")
    j.axe("audit")
