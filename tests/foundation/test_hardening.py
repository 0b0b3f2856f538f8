"""Issue #12: inputs that produced a 500, open redirects, sessions that did not end, and small
contract gaps. Each test failed on the code before the fix."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.factories import intake_payload, open_case_via_api

HUGE = "9223372036854775808"  # 2**63: one past the largest database integer
OFFICER, STATION, SUPERVISOR = "370982-officer", "370982001-officer", "370982-supervisor"


def _events() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def _error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, (response.status_code, response.get_data()[:300])
    body = response.get_json()
    assert set(body["error"]) >= {"code", "message"}, body
    return body["error"]


# --- 1. no 500 on any input ------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    f"/api/v1/cases/{HUGE}", f"/api/v1/cases/{HUGE}/events",
    f"/api/v1/cases?page={HUGE}", "/api/v1/cases?page=400000000000000000",
    f"/api/v1/cases?per_page={HUGE}", f"/api/v1/audit/events?before={HUGE}",
    f"/api/v1/audit/events?after={HUGE}", f"/api/v1/audit/events?case={HUGE}",
    f"/api/v1/audit/events?per_page={HUGE}", f"/api/v1/notifications?page={HUGE}",
])
def test_an_integer_beyond_the_database_range_is_a_4xx_in_the_error_format(client, api, url):
    r = client.get(url, headers=api(SUPERVISOR))
    assert 400 <= r.status_code < 500, (r.status_code, url)
    assert "error" in r.get_json()


def test_huge_ids_in_pages_and_posted_forms_are_4xx_and_write_nothing(client, api, login):
    open_case_via_api(client, api(STATION))
    login(OFFICER)
    before = _events()
    for method, url, data in [
        ("POST", f"/assist/{HUGE}", {"outcome": "done"}),
        ("POST", f"/api/v1/assist/{HUGE}", None),
        ("GET", f"/cases/{HUGE}", None),
        ("GET", f"/cases?page={HUGE}", None),
        ("GET", f"/notifications?page={HUGE}", None),
        ("POST", "/notifications/read", {"id": HUGE}),
        ("POST", "/profile/conflicts", {"form": "delete", "id": HUGE}),
    ]:
        r = client.open(url, method=method, data=data)
        assert 400 <= r.status_code < 500, (method, url, r.status_code)
    assert _events() == before


def test_json_nested_100k_deep_is_400_malformed(client, api):
    headers = api(STATION)
    before = _events()
    deep = "[" * 100_000 + "]" * 100_000
    _error(client.post("/api/v1/cases", data=deep, headers=headers,
                       content_type="application/json"), 400)
    deep_object = '{"a":' * 100_000 + "1" + "}" * 100_000
    _error(client.post("/api/v1/cases/1/transitions", data=deep_object, headers=headers,
                       content_type="application/json"), 400)
    assert _events() == before


def test_a_lone_surrogate_in_any_string_is_422_and_nothing_is_written(client, api):
    headers = api(STATION)
    case = open_case_via_api(client, headers)
    before, cases = _events(), _cases()
    for field in ("summary", "patentee"):
        body = json.dumps(intake_payload(confirm_duplicate=True, **{field: "\ud800"}))
        error = _error(client.post("/api/v1/cases", data=body, headers=headers,
                                   content_type="application/json"), 422)
        assert field in error["fields"]
    body = json.dumps({"trigger": "accept", "note": "x\udfff"})
    _error(client.post(f"/api/v1/cases/{case['id']}/transitions", data=body, headers=headers,
                       content_type="application/json"), 422)
    assert (_events(), _cases()) == (before, cases)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused_in_every_text_input(client, api, login, char):
    headers = api(STATION)
    case = open_case_via_api(client, headers)
    before = _events()
    error = _error(client.post(f"/api/v1/cases/{case['id']}/transitions", headers=headers,
                               json={"trigger": "accept", "note": f"备注{char}"}), 422)
    assert "note" in error["fields"]
    _error(client.post("/api/v1/cases", headers=headers,
                       json=intake_payload(confirm_duplicate=True,
                                           requesters=[{"kind": "person",
                                                        "name": f"张{char}三"}])), 422)
    assert _events() == before
    login(STATION)
    before = _events()
    r = client.post(f"/cases/{case['id']}/actions/accept", data={"note": f"备注{char}"})
    assert r.status_code == 422
    r = client.post(f"/cases/{case['id']}/actions/accept", data={f"note{char}": "备注"})
    assert r.status_code == 422
    assert _events() == before


def test_tabs_and_newlines_stay_allowed_in_multi_line_text(client, api):
    case = open_case_via_api(client, api(STATION),
                             summary="第一行\r\n第二行\t缩进")
    assert case["summary"] == "第一行\r\n第二行\t缩进"


def test_login_with_a_newline_in_next_lands_home(client):
    r = client.post("/login?next=/%0a/x", data={"username": OFFICER, "password": "caseflow-demo"})
    assert r.status_code == 302 and r.headers["Location"] == "/"


NAMELESS = (b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
            b'--b\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\ny\r\n--b--\r\n')


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}, {}])
def test_a_multipart_part_without_name_is_ignored_not_a_500(client, app_config):
    before = _events()
    for url in ("/login", "/logout", "/cases/new", "/api/v1/cases", "/api/v1/auth/token"):
        r = client.post(url, data=NAMELESS, content_type="multipart/form-data; boundary=b")
        assert r.status_code in (302, 400, 401, 415, 422), (url, r.status_code)
    assert _events() == before


def test_the_login_page_refuses_a_form_without_fields_with_422(client):
    assert client.post("/login", data={}).status_code == 422


# --- 3. open redirect ------------------------------------------------------------------------

EVIL = ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "//evil.example",
        "/\\evil.example", "\\\\evil.example", "https://evil.example/", "/%09%09/evil.example",
        "javascript:alert(1)", "/\t/evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_next_after_sign_in_never_leaves_the_site(client, target):
    r = client.post(f"/login?next={target}",
                    data={"username": OFFICER, "password": "caseflow-demo"})
    assert r.status_code == 302 and r.headers["Location"] == "/", r.headers["Location"]


@pytest.mark.parametrize("target", [t.replace("%09", "\t").replace("%0a", "\n")
                                    .replace("%0d", "\r") for t in EVIL])
def test_the_language_switch_never_leaves_the_site(client, target):
    r = client.post("/lang/en", data={"next": target})
    assert r.status_code == 302 and r.headers["Location"] == "/", r.headers["Location"]


def test_next_keeps_a_same_site_path_with_its_query(client):
    r = client.post("/login?next=/cases%3Fstatus%3Dfiled",
                    data={"username": OFFICER, "password": "caseflow-demo"})
    assert r.headers["Location"] == "/cases?status=filed"
    r = client.post("/lang/en", data={"next": "/cases?q=a"})
    assert r.headers["Location"] == "/cases?q=a"


# --- 6. small contract gaps ------------------------------------------------------------------

@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_an_unauthenticated_api_write_is_401_not_a_csrf_400(client, app_config):
    error = _error(client.post("/api/v1/cases", json=intake_payload()), 401)
    assert error["code"] == "unauthorized"
    _error(client.post("/api/v1/cases/1/transitions", json={"trigger": "accept"}), 401)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_signed_in_cookie_session_still_needs_the_csrf_token(client, app_config):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": OFFICER, "password": "caseflow-demo",
                                "csrf_token": token})
    assert client.get("/api/v1/me").status_code == 200
    assert client.post("/api/v1/cases", json=intake_payload()).status_code == 400


def test_405_carries_allow_in_the_error_format(client, api, login):
    r = client.delete("/api/v1/cases", headers=api(OFFICER))
    assert _error(r, 405)["code"] == "method_not_allowed"
    assert set(r.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    login(OFFICER)
    r = client.put("/cases")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=x", "per_page=0", "per_page=-5",
                                   "per_page=x", "page=10000001", "page=１"])
def test_page_and_per_page_out_of_range_are_422(client, api, query):
    error = _error(client.get(f"/api/v1/cases?{query}", headers=api(OFFICER)), 422)
    assert error["code"] == "validation_failed" and set(error["fields"]) <= {"page", "per_page"}


def test_per_page_above_100_stays_capped(client, api):
    body = client.get("/api/v1/cases?per_page=101", headers=api(OFFICER)).get_json()
    assert body["per_page"] == 100


def test_the_case_list_page_reads_garbage_as_page_one_and_refuses_a_huge_page(client, login):
    login(OFFICER)
    assert client.get("/cases?page=x").status_code == 200
    assert client.get("/cases?page=0").status_code == 200
    assert client.get("/cases?page=10000001").status_code == 422


# --- 4. sessions end -------------------------------------------------------------------------

COOKIE = "caseflow_session"


def _copy_session(app, source):  # type: ignore[no-untyped-def]
    """Return a second client carrying a copy of `source`'s session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, source.get_cookie(COOKIE).value)
    return other


def _signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    page = client.get("/cases")
    api = client.get("/api/v1/me")
    assert (page.status_code == 200) == (api.status_code == 200), (page.status_code, api.status_code)
    if page.status_code != 200:
        assert page.status_code == 302 and "/login" in page.headers["Location"]
        assert api.status_code == 401
    return page.status_code == 200


def test_a_cookie_copied_before_logout_signs_nobody_in_after_it(app, client, login):
    login(OFFICER)
    thief = _copy_session(app, client)
    assert _signed_in(thief)
    assert client.post("/logout").status_code == 302
    assert not _signed_in(thief)
    assert not _signed_in(client)


def _bearer_works(client, headers) -> bool:  # type: ignore[no-untyped-def]
    status = client.get("/api/v1/me", headers=headers).status_code
    assert status in (200, 401)
    return status == 200


def _admin_ends(client, app, api, login, action):  # type: ignore[no-untyped-def]
    from tests.factories import user

    browser = app.test_client()
    assert browser.post("/login", data={"username": OFFICER,
                                        "password": "caseflow-demo"}).status_code == 302
    token = api(OFFICER)
    target = user(OFFICER).id
    assert _signed_in(browser) and _bearer_works(client, token)
    login("admin")
    r = client.post(f"/admin/users/{target}/{action}", data={"password": "N3w-password!"})
    assert r.status_code == 302
    return browser, token


@pytest.mark.parametrize("action", ["password", "active"])
def test_a_password_reset_or_deactivation_ends_every_session_and_token(app, client, api, login,
                                                                      action):
    browser, token = _admin_ends(client, app, api, login, action)
    assert not _signed_in(browser)
    assert not _bearer_works(client, token)


def test_reactivation_ends_every_session_and_token_too(app, client, api, login):
    from tests.factories import user

    browser, token = _admin_ends(client, app, api, login, "active")  # deactivated
    assert client.post(f"/admin/users/{user(OFFICER).id}/active").status_code == 302
    db.session.rollback()
    assert user(OFFICER).active
    # A token or cookie from before the deactivation does not come back to life.
    assert not _bearer_works(client, token)
    assert not _signed_in(browser)
    assert _bearer_works(client, api(OFFICER))


def test_api_logout_revokes_the_calling_token_only(client, api):
    first, second = api(OFFICER), api(OFFICER)
    r = client.post("/api/v1/auth/logout", headers=first)
    assert r.status_code == 204 and r.get_data() == b""
    assert not _bearer_works(client, first)
    assert _bearer_works(client, second)
    _error(client.post("/api/v1/auth/logout", headers=first), 401)
    _error(client.post("/api/v1/auth/logout"), 401)


def test_api_logout_on_a_cookie_session_ends_it(app, client, login):
    login(OFFICER)
    thief = _copy_session(app, client)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert not _signed_in(thief)


@pytest.mark.parametrize("app_config", [{"API_TOKENS_PER_USER": 3}])
def test_a_user_holds_at_most_the_configured_number_of_tokens(client, api, app_config):
    tokens = [api(OFFICER) for _ in range(5)]
    assert [_bearer_works(client, t) for t in tokens] == [False, False, True, True, True]


def test_the_default_token_count_is_five(app, client, api):
    assert app.config["API_TOKENS_PER_USER"] == 5
    tokens = [api(OFFICER) for _ in range(6)]
    assert [_bearer_works(client, t) for t in tokens] == [False] + [True] * 5


@pytest.mark.parametrize("app_config", [{"API_TOKEN_HOURS": 2}])
def test_a_token_lives_for_the_configured_hours(client, app_config):
    from datetime import datetime, timedelta

    from caseflow.timeutil import SHANGHAI

    r = client.post("/api/v1/auth/token", json={"username": OFFICER, "password": "caseflow-demo"})
    expires = datetime.fromisoformat(r.get_json()["expires_at"])
    lifetime = expires - datetime.now(SHANGHAI)
    assert timedelta(hours=1, minutes=59) < lifetime <= timedelta(hours=2)
    from caseflow.auth.models import ApiToken

    db.session.rollback()
    row = db.session.scalar(select(ApiToken))
    row.expires_at = row.created_at  # the lifetime has passed
    db.session.commit()
    token = r.get_json()["token"]
    assert not _bearer_works(client, {"Authorization": f"Bearer {token}"})


def test_signed_in_pages_and_api_answers_are_not_stored(client, api, login):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    assert "no-store" in client.get("/api/v1/me", headers=api(OFFICER)).headers["Cache-Control"]
    login(OFFICER)
    for url in ("/", "/cases", "/cases/new", f"/cases/{HUGE}"):
        assert "no-store" in client.get(url).headers.get("Cache-Control", ""), url


# --- 6. search wildcards, claim amounts, look-alike user names ---------------------------------

def test_percent_and_underscore_are_literal_characters_in_every_search(client, api, login):
    station = api(STATION)
    open_case_via_api(client, station)
    open_case_via_api(client, station, confirm_duplicate=True,
                      requesters=[{"kind": "organization", "name": "百分_百%贸易有限公司"}])
    headers = api(SUPERVISOR)
    totals = {q: client.get(f"/api/v1/cases?q={q}", headers=headers).get_json()["total"]
              for q in ("%25", "_", "%25%25", "百分_百", "分_", "_百%25")}
    assert totals == {"%25": 1, "_": 1, "%25%25": 0, "百分_百": 1, "分_": 1, "_百%25": 1}
    assert client.get("/api/v1/cases?q=%25", headers=headers).get_json()["items"][0]["number"]
    login(SUPERVISOR)
    assert "共 1 件" in client.get("/cases?q=%25").get_data(as_text=True)
    assert "共 0 件" in client.get("/cases?q=__").get_data(as_text=True)
    export = client.get("/reports/cases.csv?q=_", buffered=True)
    assert export.status_code == 200
    assert len(export.get_data(as_text=True).strip().splitlines()) == 2  # header + 1 case


@pytest.mark.parametrize("amount", [1.005, "80000.001", "0.999", 12.3456])
def test_a_claim_amount_with_more_than_two_decimals_is_refused_not_rounded(client, api,
                                                                          amount):
    headers = api(STATION)
    before, cases = _events(), _cases()
    error = _error(client.post("/api/v1/cases", headers=headers,
                               json=intake_payload(claim_amount=amount)), 422)
    assert "claim_amount" in error["fields"]
    assert (_events(), _cases()) == (before, cases)


def test_a_claim_amount_with_two_decimals_is_kept_exactly(client, api):
    case = open_case_via_api(client, api(STATION), claim_amount="80000.5")
    assert case["claim_amount"] == "80000.50"


def _create_user(client, username):  # type: ignore[no-untyped-def]
    return client.post("/admin/users", data={"username": username, "name": "测试",
                                             "role": "officer", "unit": "370982001",
                                             "password": "Str0ng-pass!"})


@pytest.mark.parametrize("username", ["\u0430dmin", "adm\u0456n", "\u03b1dmin", "zh\u0430ng.san",
                                      "张san"])
def test_a_user_name_mixing_scripts_is_refused(client, login, username):
    from caseflow.auth.models import User

    login("admin")
    users, events = db.session.scalar(select(func.count()).select_from(User)), _events()
    r = _create_user(client, username)
    assert r.status_code == 422
    assert "混用" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == users
    assert _events() == events


def test_user_names_are_nfkc_normalised_and_look_alikes_refused(client, login):
    from tests.factories import user

    login("admin")
    r = _create_user(client, "\uff41\uff44\uff4d\uff49\uff4e")  # full-width "admin"
    assert r.status_code == 422 and "已存在" in r.get_data(as_text=True)
    assert _create_user(client, "\uff5a\uff48\uff41\uff4f.\uff4c\uff49").status_code == 302
    db.session.rollback()
    assert user("zhao.li") is not None
    assert _create_user(client, "ace").status_code == 302
    r = _create_user(client, "\u0430\u0441\u0435")  # Cyrillic асе, all one script
    assert r.status_code == 422 and "难以区分" in r.get_data(as_text=True)
    assert _create_user(client, "张三").status_code == 302
    fresh = client.application.test_client()
    assert fresh.post("/login", data={"username": "ＡＣＥ", "password": "Str0ng-pass!"}) \
        .status_code == 302


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "LOGIN_RATE_LIMIT": "2 per minute"}])
def test_a_rate_limited_answer_keeps_retry_after_in_the_error_format(client, app_config):
    for _ in range(2):
        client.post("/api/v1/auth/token", json={"username": "x", "password": "y"})
    r = client.post("/api/v1/auth/token", json={"username": "x", "password": "y"})
    assert _error(r, 429)["code"] == "too_many_requests"
    assert int(r.headers["Retry-After"]) > 0
    for _ in range(3):
        page = client.post("/login", data={"username": "x", "password": "y"})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
