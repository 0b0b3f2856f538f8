"""The published OpenAPI 3.1 document: valid, complete, and the validator of every request."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from caseflow.api.contract import declared_endpoints
from tests.factories import open_case_via_api

PREFIX = "/api/v1"


def _document(client):  # type: ignore[no-untyped-def]
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_is_valid_openapi_3_1(client):
    doc = _document(client)
    assert doc["openapi"] == "3.1.0"
    validate(doc)  # openapi-spec-validator: raises on any structural error


def test_every_api_url_rule_and_method_is_in_the_document(app, client):
    paths = _document(client)["paths"]
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(PREFIX + "/")]
    assert len(rules) >= 28
    missing = []
    for rule in rules:
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule).removeprefix(PREFIX)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method.lower() not in paths.get(path, {}):
                missing.append(f"{method} {rule.rule}")
    assert not missing, f"declare these with caseflow.api.contract.api.validate: {missing}"
    assert {r.endpoint for r in rules} <= declared_endpoints()


def test_every_operation_documents_its_errors(client):
    doc = _document(client)
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            where = f"{method.upper()} {path}"
            assert any(code.startswith("2") for code in responses), where
            if op.get("security") != []:
                assert "401" in responses, where
            if "{" in path:
                assert "404" in responses, where
            if "requestBody" in op:
                assert {"400", "422"} <= set(responses) if "application/json" in \
                    op["requestBody"]["content"] else "422" in responses, where
            for code, response in responses.items():
                if code[0] in "45":
                    assert response["content"]["application/json"]["schema"] == error, where
    assert doc["paths"]["/openapi.json"]["get"]["security"] == []
    assert doc["paths"]["/auth/token"]["post"]["security"] == []


def test_a_body_is_refused_by_its_declaration_in_the_error_format(client, api):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    url = f"{PREFIX}/cases/{case['id']}/transitions"
    r = client.post(url, json={"trigger": 5, "version": "1", "on": "30/09/2026"}, headers=officer)
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {"trigger": "须为文本。", "version": "须为整数。",
                               "on": "日期格式应为 YYYY-MM-DD。"}
    r = client.post(url, json={"version": case["version"]}, headers=officer)
    assert r.status_code == 422 and r.get_json()["error"]["fields"] == {"trigger": "必填。"}
    for raw in (b"{", b"[]", b'"text"', b"[" * 100_000):
        r = client.post(url, data=raw, content_type="application/json", headers=officer)
        assert r.status_code == 400, raw[:10]
        assert r.get_json()["error"]["code"] == "malformed_json"
    r = client.post(url, data="trigger=accept", headers=officer,
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400


def test_field_messages_follow_the_language(client, api):
    officer = api("370982-officer")
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    r = client.post(f"{PREFIX}/cases", json={"workflow": "appeal", "received_on": 20260928},
                    headers=officer)
    fields = r.get_json()["error"]["fields"]
    assert r.status_code == 422
    assert fields["received_on"] == "Dates must be in the format YYYY-MM-DD."
    assert fields["patent"] == "Enter the patent number."
    assert fields["requesters"] == "Enter at least one requester."
    assert "adjudication" in fields["workflow"] and not re.search(r"[\u4e00-\u9fff]",
                                                                   fields["workflow"])
    r = client.post(f"{PREFIX}/auth/token", json={"username": "x", "password": 5})
    assert r.get_json()["error"]["fields"] == {"password": "Must be text."}


def test_nested_fields_are_named_as_intake_names_them(client, api):
    from tests.factories import intake_payload

    body = intake_payload(requesters=[{"kind": "robot", "name": ["x"]}])
    r = client.post(f"{PREFIX}/cases", json=body, headers=api("370982001-officer"))
    assert r.status_code == 422
    assert set(r.get_json()["error"]["fields"]) == {"requesters[0].kind", "requesters[0].name"}


@pytest.mark.parametrize("query", ["overdue=maybe", "page=0", "per_page=x", "page=1e3"])
def test_a_query_is_refused_by_its_declaration(client, api, query):
    r = client.get(f"{PREFIX}/cases?{query}", headers=api("370982-officer"))
    assert r.status_code == 422, query
    assert r.get_json()["error"]["code"] == "validation_failed"


def test_per_page_above_100_is_still_capped(client, api):
    r = client.get(f"{PREFIX}/cases?per_page=500", headers=api("370982-officer"))
    assert r.status_code == 200 and r.get_json()["per_page"] == 100
