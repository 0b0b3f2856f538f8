"""The settings for points the 2025 Measures leave open, validated once at start-up.

Their defaults and the article that leaves each point open are in caseflow/config.py (DOMAIN.md
§16.20). `validate` runs in `create_app`: a bad value refuses to start with a message naming the
setting and what it may be. The engine reads a value with `setting(name)`. This module imports
no feature room, so the workflow engine may import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class RuleSettingError(ValueError):
    """One or more rule settings have a value CaseFlow cannot follow."""


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return None


def _word(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def _one_of(*allowed: Any, kind: Callable[[Any], Any] = _integer) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        parsed = kind(value)
        return parsed if parsed in allowed else None
    return parse


def _between(low: int, high: int) -> Callable[[Any], int | None]:
    def parse(value: Any) -> int | None:
        parsed = _integer(value)
        return parsed if parsed is not None and low <= parsed <= high else None
    return parse


@dataclass(frozen=True)
class RuleSetting:
    """One open point: how its value is read and what it may be (for the refusal message)."""

    parse: Callable[[Any], Any]
    allowed: str


RULE_SETTINGS: Mapping[str, RuleSetting] = {
    "CLOSURE_EXTENSION_MAX_MONTHS": RuleSetting(
        _one_of(2, 3), "3 (1 + 2 months, Art. 37 read as two extensions) or 2 (both together)"),
    "PUBLIC_NOTICE_SERVICE_DAYS": RuleSetting(
        _one_of(30, 60), "30 (CPL Art. 95 as amended in 2021) or 60 (the 2019 guide)"),
    "SERVE_COPY_MET_BY": RuleSetting(_one_of("dispatch", "receipt", kind=_word),
                                     '"dispatch" or "receipt"'),
    "RECUSAL_DECISION_WORKING_DAYS": RuleSetting(_between(1, 30),
                                                 "a whole number of working days from 1 to 30"),
    "CORRECTION_RESTARTS_ACCEPTANCE": RuleSetting(_boolean, "true or false"),
}


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    """Return every rule setting's value as the engine reads it (an environment variable's
    text turned into a number or a boolean); raise RuleSettingError naming each bad one."""
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for name, rule in RULE_SETTINGS.items():
        if name not in config:
            problems.append(f"{name} is not set (caseflow/config.py has its default)")
            continue
        value = rule.parse(config[name])
        if value is None:
            problems.append(f"{name} = {config[name]!r} is not allowed; it may be {rule.allowed}")
        else:
            clean[name] = value
    if problems:
        raise RuleSettingError("; ".join(problems) + ". Set it in instance/config.py or as "
                               "CASEFLOW_<NAME> (README: Which rules CaseFlow follows).")
    return clean


def setting(name: str) -> Any:
    """Return the validated value of a rule setting of the running app."""
    if name not in RULE_SETTINGS:
        raise KeyError(f"{name} is not a rule setting (caseflow/rulesettings.py)")
    return current_app.config[name]
