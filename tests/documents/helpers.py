"""Shared steps of the document tests: open a case, fire a transition, issue a document."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.factories import open_case_via_api


def fire(client, headers, case, trigger, *, on=None, data=None, status=200):  # type: ignore[no-untyped-def]
    body = {"trigger": trigger, "version": case["version"], "data": data or {}}
    if on:
        body["on"] = on
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", json=body, headers=headers)
    assert r.status_code == status, (trigger, r.get_json())
    return r.get_json()


def accepted_case(client, api, **overrides):  # type: ignore[no-untyped-def]
    """A v1 adjudication at 新泰市局, accepted on 2026-09-30 (its acceptance notice drafted)."""
    overrides.setdefault("confirm_duplicate", True)
    case = open_case_via_api(client, api("370982001-officer"), **overrides)
    return fire(client, api("370982-officer"), case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})


def documents(client, headers, case_id):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/cases/{case_id}/documents", headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def only(client, headers, case_id, kind):  # type: ignore[no-untyped-def]
    found = [d for d in documents(client, headers, case_id) if d["kind"] == kind]
    assert len(found) == 1, found
    return found[0]


def issue(client, headers, document, status=200):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/documents/{document['id']}/issue",
                    json={"version": document["version"]}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def pdf_text(content: bytes) -> str:
    """The PDF's text with the line breaks of its layout removed."""
    pages = PdfReader(io.BytesIO(content)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "")
