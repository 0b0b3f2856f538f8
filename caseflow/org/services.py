"""Changes to the organisation tree (admin only). Callers commit."""

from __future__ import annotations

import re

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.errors import Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.org.models import CHILD_LEVEL, Unit
from caseflow.org.queries import get_unit_by_code

_CODE = re.compile(r"^\d{6}(\d{3})?$")


def _require_admin(actor: User) -> None:
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以修改组织架构。"))


def _validate_names(name: str, short_name: str, errors: dict[str, str]) -> None:
    if not (name or "").strip() or len(name) > 100:
        errors["name"] = N_("请填写单位全称（不超过 100 字）。")
    if len(short_name or "") > 40:
        errors["short_name"] = N_("简称不超过 40 字。")


def create_unit(actor: User, *, code: str, name: str, short_name: str = "",
                parent: Unit | None) -> Unit:
    """Add a unit under `parent` (a city when parent is None)."""
    _require_admin(actor)
    errors: dict[str, str] = {}
    code = (code or "").strip()
    if not _CODE.match(code):
        errors["code"] = N_("单位代码应为 6 位行政区划代码，监管所为 9 位（县区代码 + 3 位序号）。")
    elif get_unit_by_code(code):
        errors["code"] = N_("该单位代码已存在。")
    level = "city" if parent is None else CHILD_LEVEL.get(parent.level)
    if level is None:
        errors["parent"] = N_("监管所下不能再设下级单位。")
    elif level == "station" and not code.startswith(parent.code if parent else ""):
        errors["code"] = N_("监管所代码应以所属县区局代码开头。")
    _validate_names(name, short_name, errors)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    unit = Unit(code=code, name=name.strip(), short_name=(short_name or "").strip(),
                level=level, parent=parent,
                path=(parent.path if parent else "/") + code + "/", active=True)
    db.session.add(unit)
    db.session.flush()
    audit.record("unit_created", actor=actor, data={"code": code, "name": unit.name,
                                                    "level": level,
                                                    "parent": parent.code if parent else None})
    return unit


def update_unit(actor: User, unit: Unit, *, name: str, short_name: str, active: bool) -> None:
    """Rename a unit or change whether it is active."""
    _require_admin(actor)
    errors: dict[str, str] = {}
    _validate_names(name, short_name, errors)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    before = {"name": unit.name, "short_name": unit.short_name, "active": unit.active}
    unit.name, unit.short_name, unit.active = name.strip(), (short_name or "").strip(), active
    after = {"name": unit.name, "short_name": unit.short_name, "active": unit.active}
    if before != after:
        audit.record("unit_updated", actor=actor,
                     data={"code": unit.code, "before": before, "after": after})
