"""The Tai'an demo organisation and users (seed-demo)."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.demo_cases import seed_cases
from caseflow.extensions import db
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.routing.models import Entrustment

DEMO_PASSWORD = "caseflow-demo"
CITY = ("370900", "泰安市市场监督管理局（知识产权局）", "泰安市局")
COUNTIES = [
    ("370902", "泰山区市场监督管理局", "泰山区局", ["财源", "泰前"]),
    ("370911", "岱岳区市场监督管理局", "岱岳区局", ["粥店", "满庄"]),
    ("370921", "宁阳县市场监督管理局", "宁阳县局", ["文庙", "磁窑"]),
    ("370923", "东平县市场监督管理局", "东平县局", ["东平", "州城"]),
    ("370982", "新泰市市场监督管理局", "新泰市局", ["青云", "新汶"]),
    ("370983", "肥城市市场监督管理局", "肥城市局", ["新城", "老城"]),
]
ROLE_NAMES = {"officer": "执法员", "mediator": "调解员", "supervisor": "审核员"}
#: each city and county bureau has three officers, so that an adjudication's panel (合议组) of
#: three can be formed (Measures 2025 Art. 20): `<code>-officer`, `-officer2`, `-officer3`
BUREAU_ACCOUNTS = (("officer", ""), ("mediator", ""), ("supervisor", ""), ("officer", "2"),
                   ("officer", "3"))


def ensure_root_unit() -> Unit:
    """Return the city bureau, creating it when the database is empty."""
    unit = get_unit_by_code(CITY[0])
    if unit is None:
        unit = Unit(code=CITY[0], name=CITY[1], short_name=CITY[2], level="city",
                    path=f"/{CITY[0]}/")
        db.session.add(unit)
        db.session.flush()
        audit.record("unit_created", actor_name="system",
                     data={"code": unit.code, "name": unit.name, "level": "city"})
    return unit


def _unit(code: str, name: str, short: str, level: str, parent: Unit) -> Unit:
    unit = get_unit_by_code(code)
    if unit is None:
        unit = Unit(code=code, name=name, short_name=short, level=level, parent=parent,
                    path=f"{parent.path}{code}/")
        db.session.add(unit)
        db.session.flush()
        audit.record("unit_created", actor_name="system",
                     data={"code": code, "name": name, "level": level, "parent": parent.code})
    return unit


def demo_address(username: str) -> str:
    """Return a demo user's mail address (API.md "Mail")."""
    return f"{username}@demo.caseflow.local"


def _user(unit: Unit, role: str, serial: str = "") -> bool:
    username = f"{unit.code}-{role}{serial}"
    if (existing := db.session.scalar(select(User).where(User.username == username))):
        existing.email = existing.email or demo_address(username)  # seeded before mail existed
        return False
    user = User(username=username, name=f"{unit.display_name}{ROLE_NAMES[role]}{serial}",
                role=role, unit=unit, can_view_pii=(role == "supervisor"),
                email=demo_address(username))
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    audit.record("user_created", actor_name="system",
                 data={"user": username, "role": role, "unit": unit.code, "demo": True})
    return True


def seed_organisation() -> tuple[Unit, int]:
    """Create the Tai'an tree and its demo users; return the city unit and users created."""
    city = ensure_root_unit()
    created = sum(_user(city, role, serial) for role, serial in BUREAU_ACCOUNTS)
    for code, name, short, stations in COUNTIES:
        county = _unit(code, name, short, "county", city)
        created += sum(_user(county, role, serial) for role, serial in BUREAU_ACCOUNTS)
        for i, station in enumerate(stations, start=1):
            unit = _unit(f"{code}{i:03d}", f"{short.removesuffix('局')}{station}市场监管所",
                         f"{station}所", "station", county)
            created += _user(unit, "officer")
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    if admin is None:
        admin = User(username="admin", name="系统管理员", role="admin", unit=city,
                     email=demo_address("admin"))
        admin.set_password(DEMO_PASSWORD)
        db.session.add(admin)
        audit.record("user_created", actor_name="system",
                     data={"user": "admin", "role": "admin", "unit": city.code, "demo": True})
        created += 1
    db.session.flush()
    return city, created


ENTRUSTED_WORKFLOWS = "adjudication,prelitigation_mediation,court_entrusted_mediation"
ENTRUSTED_TYPES = "utility_model,design,pct_utility_model"


def seed_entrustments(city: Unit) -> int:
    """Entrust every county-level bureau with utility-model and design disputes (2025-2027)."""
    from datetime import date

    created = 0
    for county in city.children:
        exists = db.session.scalar(select(Entrustment).where(Entrustment.to_unit_id == county.id))
        if exists:
            continue
        db.session.add(Entrustment(from_unit=city, to_unit=county, workflows=ENTRUSTED_WORKFLOWS,
                                   patent_types=ENTRUSTED_TYPES, valid_from=date(2025, 1, 1),
                                   valid_to=date(2027, 12, 31),
                                   instrument=f"泰市监知委〔2025〕{county.code[-2:]}号"))
        audit.record("entrustment_created", actor_name="system",
                     data={"from": city.code, "to": county.code, "types": ENTRUSTED_TYPES,
                           "valid_from": "2025-01-01", "valid_to": "2027-12-31"})
        created += 1
    db.session.flush()
    return created


def seed(registry=None) -> str:  # type: ignore[no-untyped-def]
    """Seed the demo data; safe to run twice."""
    city, created = seed_organisation()
    seed_entrustments(city)
    if registry is not None:
        cases = seed_cases(registry)
        return (f"Demo organisation ready ({created} users created; password "
                f"'{DEMO_PASSWORD}'); {cases} demo cases created.")
    return f"Demo organisation ready ({created} users created; password '{DEMO_PASSWORD}')."
