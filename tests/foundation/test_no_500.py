"""Bad input never produces a 500: every API write endpoint and form gets garbage."""

from __future__ import annotations

import pytest

from tests.factories import open_case_via_api

GARBAGE = [b"", b"null", b"[]", b"123", b'"text"', b"{", b'{"on": "2026-02-30"}',
           b'{"version": "x", "data": [], "note": 5}',
           b'{"trigger": {"a": 1}, "action": [], "to_unit": 5, "reason": ["x"], "days": "10"}',
           '{"name": "\u0000\u202e", "on": "9999-99-99"}'.encode()]


def _urls(app, case_id: int, party_id: int) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        if not methods:
            continue
        url = rule.rule
        for name in ("case_id", "party_id", "evidence_id", "task_id", "user_id", "id"):
            url = url.replace(f"<int:{name}>", str(party_id if name == "party_id" else case_id))
        url = url.replace("<trigger>", "accept").replace("<action>", "refer_up")
        url = url.replace("<code>", "370982").replace("<path:filename>", "x")
        if "<" in url:
            continue
        out.extend((m, url) for m in methods)
    return out


@pytest.mark.parametrize("user", ["370982-officer", "370982-supervisor", "admin"])
def test_no_endpoint_answers_500_to_garbage(app, client, api, user):
    case = open_case_via_api(client, api("370982001-officer"))
    headers = api(user)
    urls = _urls(app, case["id"], case["respondents"][0]["id"])
    assert len(urls) > 15
    for method, url in urls:
        for body in GARBAGE:
            r = client.open(url, method=method, data=body, headers=headers,
                            content_type="application/json")
            assert r.status_code < 500, (method, url, body, r.status_code)
            r = client.open(url, method=method, data={"x": body.decode("utf-8", "replace")},
                            headers=headers)
            assert r.status_code < 500, (method, url, "form", r.status_code)
