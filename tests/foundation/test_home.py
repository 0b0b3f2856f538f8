"""The home page shows what needs doing, with working links."""

from __future__ import annotations

import re

from tests.factories import open_case_via_api


def test_home_counts_for_a_county_officer(app, client, api, login):
    open_case_via_api(client, api("370982001-officer"), received_on="2026-11-10")
    page = login("370982-officer").get("/").get_data(as_text=True)
    counts = dict(re.findall(r'id="count-([a-z-]+)">\s*<div class="card-body">\s*'
                             r'<div class="display-6[^"]*">(\d+)</div>', page))
    assert counts["unsigned"] == "1" and counts["overdue"] == "1"
    for href in re.findall(r'<a class="card[^"]*" href="([^"]+)"', page):
        assert client.get(href).status_code == 200


def test_admin_home_has_no_case_counts(login):
    page = login("admin").get("/").get_data(as_text=True)
    assert 'id="home-counts"' not in page
