"""Sign-in, lock-out, CSRF, sessions and tokens."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.extensions import db


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def test_login_page_is_chinese(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "用户名" in page and "密码" in page
    assert "cdn" not in page.lower()


def test_supervisor_logs_in_and_sees_org_tree(login):
    client = login("370900-supervisor")
    page = client.get("/org").get_data(as_text=True)
    assert "泰安市市场监督管理局" in page and "新泰市市场监督管理局" in page
    assert "青云市场监管所" in page
    assert _events("login") == 1


def test_station_user_sees_only_its_own_subtree(login):
    page = login("370982001-officer").get("/org").get_data(as_text=True)
    assert "新泰市青云市场监管所" in page
    assert "泰山区" not in page


def test_wrong_password_six_times_locks_the_account(client):
    for _ in range(5):
        r = client.post("/login", data={"username": "370982-officer", "password": "nope"})
        assert r.status_code == 401
        assert "用户名或密码错误" in r.get_data(as_text=True)
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    assert r.status_code == 429
    assert "锁定" in r.get_data(as_text=True)
    assert _events("account_locked") == 1
    assert _events("login_failed") == 5
    assert _events("login") == 0


def test_unknown_user_gets_the_same_message_and_lockout(client):
    known = client.post("/login", data={"username": "370982-officer", "password": "x"})
    unknown = client.post("/login", data={"username": "nobody", "password": "x"})
    assert known.status_code == unknown.status_code == 401
    def page(r):  # type: ignore[no-untyped-def]
        # CSRF tokens carry a timestamp; everything else must be identical.
        return re.sub(r'name="csrf_token" value="[^"]*"', "", r.get_data(as_text=True))

    assert page(known).replace("370982-officer", "nobody") == page(unknown)
    for _ in range(4):
        client.post("/login", data={"username": "nobody", "password": "x"})
    assert client.post("/login", data={"username": "nobody", "password": "x"}).status_code == 429


def test_lock_expires_after_thirty_minutes(app, client):
    from datetime import timedelta

    from caseflow.auth.models import LoginThrottle

    for _ in range(5):
        client.post("/login", data={"username": "370982-officer", "password": "nope"})
    throttle = db.session.get(LoginThrottle, "370982-officer")
    throttle.locked_until -= timedelta(minutes=31)
    db.session.commit()
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    assert r.status_code == 302


def test_logout_is_audited_and_ends_the_session(login):
    client = login("370982-officer")
    assert client.post("/logout").status_code == 302
    assert _events("logout") == 1
    assert client.get("/org").status_code == 302


def test_deactivated_user_cannot_log_in(client):
    from tests.factories import user

    user("370982-officer").active = False
    db.session.commit()
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    assert r.status_code == 401


def test_session_cookie_flags(client):
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_idle_session_expires(app, login):
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60
    assert app.config["SESSION_REFRESH_EACH_REQUEST"] is True


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_form_without_csrf_token_is_refused(client, app_config):
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    assert r.status_code == 400
    assert _events("login") == 0


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_form_with_csrf_token_is_accepted(client, app_config):
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"username": "370982-officer", "password": "caseflow-demo",
                                    "csrf_token": token})
    assert r.status_code == 302


def test_api_token_and_me(client, api):
    headers = api("370982-officer")
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["unit"] == {"code": "370982", "name": "新泰市市场监督管理局", "level": "county"}
    assert me["roles"] == ["officer"]


def test_api_wrong_credentials_then_lock(client):
    for _ in range(5):
        r = client.post("/api/v1/auth/token", json={"username": "admin", "password": "bad"})
        assert r.status_code == 401
        assert r.get_json()["error"]["code"] == "unauthorized"
    r = client.post("/api/v1/auth/token", json={"username": "admin", "password": "caseflow-demo"})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0


@pytest.mark.parametrize("body", [b"not json", b"[1,2]", b'{"username": 3}'])
def test_api_token_bad_input(client, body):
    r = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert r.status_code in (400, 422)
    assert "error" in r.get_json()
    assert _events("login_failed") == 0


def test_api_requires_auth_and_ignores_token_in_url(client, api):
    token = api("370982-officer")["Authorization"].split()[1]
    assert client.get("/api/v1/me").status_code == 401
    assert client.get(f"/api/v1/me?token={token}").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_units_are_scoped(client, api):
    codes = [u["code"] for u in client.get("/api/v1/units",
                                           headers=api("370982-officer")).get_json()]
    assert codes == ["370982", "370982001", "370982002"]
    city = client.get("/api/v1/units", headers=api("370900-officer")).get_json()
    assert len(city) == 1 + 6 + 12
    assert city[0]["parent_code"] is None


@pytest.mark.parametrize("app_config",
                         [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3/minute"}])
def test_login_is_throttled_per_client_address(client, app_config):
    statuses = [client.post("/login", data={"username": f"u{i}", "password": "x"}).status_code
                for i in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/auth/token", "/me", "/units", "/audit/verify"):
        assert path in spec["paths"]


def test_english_switch(login):
    client = login("370982-officer")
    client.post("/lang/en", data={"next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "Sign out" in page


@pytest.mark.parametrize("app_config", [{"TRUST_PROXY": True, "RATELIMIT_ENABLED": True,
                                         "LOGIN_RATE_LIMIT": "2/minute"}])
def test_behind_a_proxy_throttling_counts_the_forwarded_client(client, app_config):
    def attempt(addr: str) -> int:
        return client.post("/login", data={"username": "x", "password": "y"},
                           headers={"X-Forwarded-For": addr}).status_code

    assert [attempt("10.0.0.1"), attempt("10.0.0.1"), attempt("10.0.0.1")] == [401, 401, 429]
    assert attempt("10.0.0.2") == 401
