"""Administration: users and the organisation tree, every change audited."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.org.models import Unit
from tests.factories import unit, user


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def test_admin_pages_are_for_admins_only(login):
    client = login("370900-supervisor")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/units").status_code == 403


def test_create_user(login):
    client = login("admin")
    r = client.post("/admin/users", data={"username": "zhang.san", "name": "张三",
                                          "role": "officer", "unit": "370982001",
                                          "password": "Str0ng-pass!"})
    assert r.status_code == 302
    created = user("zhang.san")
    assert created.unit.code == "370982001" and created.password_hash.startswith("pbkdf2")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created",
                                                      AuditEvent.actor == "admin"))


def test_create_user_bad_input_changes_nothing(login):
    client = login("admin")
    users_before, events_before = _count(User), _count(AuditEvent)
    r = client.post("/admin/users", data={"username": "370982-officer", "name": "x" * 500,
                                          "role": "officer", "unit": "370982",
                                          "password": "short"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "密码至少" not in page or "已存在" in page or "不超过" in page
    assert _count(User) == users_before and _count(AuditEvent) == events_before


def test_weak_password_gets_a_field_message(login):
    client = login("admin")
    r = client.post("/admin/users", data={"username": "li.si", "name": "李四", "role": "officer",
                                          "unit": "370982", "password": "short"})
    assert r.status_code == 422 and "密码至少" in r.get_data(as_text=True)
    assert user("li.si") is None


def test_reset_password_ends_sessions_and_is_audited(app, login):
    client = login("admin")
    other = app.test_client()
    other.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    assert other.get("/org").status_code == 200
    target = user("370982-officer")
    r = client.post(f"/admin/users/{target.id}/password", data={"password": "N3w-password!"})
    assert r.status_code == 302
    assert other.get("/org").status_code == 302  # signed out
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset"))


def test_deactivate_user(login):
    client = login("admin")
    target = user("370982-mediator")
    client.post(f"/admin/users/{target.id}/active")
    assert user("370982-mediator").active is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_deactivated"))


def test_create_and_rename_unit(login):
    client = login("admin")
    r = client.post("/admin/units", data={"parent": "370982", "code": "370982003",
                                          "name": "新泰楼德市场监管所", "short_name": "楼德所"})
    assert r.status_code == 302
    new = unit("370982003")
    assert new.level == "station" and new.path == "/370900/370982/370982003/"
    r = client.post("/admin/units/370982003", data={"name": "新泰楼德所", "short_name": "楼德",
                                                    "active": "y"})
    assert r.status_code == 302
    assert unit("370982003").name == "新泰楼德所"
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor == "admin")))
    assert {"unit_created", "unit_updated"} <= actions


def test_unit_bad_input(login):
    client = login("admin")
    before = _count(Unit)
    r = client.post("/admin/units", data={"parent": "370982001", "code": "37",
                                          "name": "<script>alert(1)</script>"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert _count(Unit) == before


def test_unknown_unit_is_404(login):
    assert login("admin").get("/admin/units/999999").status_code == 404
