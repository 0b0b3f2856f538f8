"""The case page offers exactly the routing and extension acts the services would allow."""

from __future__ import annotations

from tests.cases.test_api_transitions import fire
from tests.factories import open_case_via_api


def _page(app, username: str, case_id: int) -> str:
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "caseflow-demo"})
    return client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_intake_station_may_read_but_is_offered_no_routing_act(app, client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    page = _page(app, "370982001-officer", case["id"])
    assert 'id="recusal-reason"' not in page and 'id="assign-form"' not in page
    r = client.post(f"/api/v1/cases/{case['id']}/recusal", headers=api("370982001-officer"),
                    json={"reason": "x"})
    assert r.status_code == 403  # what the page does not offer, the service refuses


def test_extension_is_offered_only_while_a_closure_clock_runs(app, client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    assert 'id="extend-form"' not in _page(app, "370982-supervisor", case["id"])
    fire(client, api("370982-officer"), case, "accept", on="2026-09-30",
         data={"conditions_confirmed": True})
    assert 'id="extend-form"' in _page(app, "370982-supervisor", case["id"])
    assert 'id="extend-form"' not in _page(app, "370982-officer", case["id"])
