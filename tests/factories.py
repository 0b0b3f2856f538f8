"""Plain builder functions for tests: they add and flush, the caller commits."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.cases.models import Case, Party
from caseflow.demo import seed_organisation
from caseflow.extensions import db
from caseflow.org.models import Unit


def make_org() -> Unit:
    """Create the Tai'an demo organisation and its users; return the city unit."""
    from caseflow.demo import seed_entrustments

    city, _created = seed_organisation()
    seed_entrustments(city)
    return city


def user(username: str) -> User:
    """Return a user by name (they exist after make_org)."""
    return db.session.scalar(select(User).where(User.username == username))


def unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def intake_payload(**overrides):  # type: ignore[no-untyped-def]
    """Return a valid design-patent adjudication request taken in at a 新泰市 station."""
    body = {
        "workflow": "adjudication",
        "received_on": "2026-09-28",
        "intake_unit": "370982001",
        "patent": {"number": "ZL200930231150.3", "title": "包装盒（茶叶）"},
        "requesters": [{"kind": "organization", "name": "泰安市岱宗茶业有限公司",
                        "credit_code": "91350100M000100Y43", "phone": "0538-8234567",
                        "address": "泰安市泰山区"}],
        "respondents": [{"kind": "person", "name": "王五", "id_number": "11010519491231002X",
                         "phone": "13805381234", "address": "新泰市青云街道"}],
        "infringement_place": "370982",
        "claim_amount": 80000,
        "summary": "被请求人销售的茶叶包装盒与涉案外观设计相同。",
    }
    body.update(overrides)
    return body


def open_case_via_api(client, headers, **overrides):  # type: ignore[no-untyped-def]
    """POST an intake and return the created case JSON."""
    response = client.post("/api/v1/cases", json=intake_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def written(case_id: int) -> tuple[int, int, int]:
    """Count what an act on a case writes: its audit events, its parties, its version."""
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.case_id == case_id)),
            db.session.scalar(select(func.count()).select_from(Party)
                              .where(Party.case_id == case_id)),
            db.session.scalar(select(Case.version).where(Case.id == case_id)))


def officers(unit_code: str, n: int = 3) -> list[str]:
    """Return n officers of a unit, the demo officer first: `<unit>-officer`, `-officer2`, ...
    (created when missing, password caseflow-demo), for panels of three or more."""
    from caseflow.demo import DEMO_PASSWORD

    home = unit(unit_code)
    names = [f"{unit_code}-officer"] + [f"{unit_code}-officer{i}" for i in range(2, n + 1)]
    for i, name in enumerate(names[1:], start=2):
        if user(name) is None:
            person = User(username=name, name=f"{home.display_name}执法员{i}", role="officer",
                          unit=home)
            person.set_password(DEMO_PASSWORD)
            db.session.add(person)
    db.session.flush()
    return names
