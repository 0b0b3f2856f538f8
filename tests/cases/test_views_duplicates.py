"""The intake page's duplicate warning, inside and outside the user's scope."""

from __future__ import annotations

from tests.cases.test_views import _intake_form, _signed_in
from tests.factories import open_case_via_api


def test_duplicate_outside_scope_is_warned_without_a_link(app, client, api):
    open_case_via_api(client, api("370902001-officer"), intake_unit="370902001")
    page = _signed_in(app, "370982001-officer").post("/cases/new", data=_intake_form())
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "其他单位" in text and 'id="f-confirm_duplicate"' in text
    assert "/cases/1\"" not in text
