"""The settings for points the law leaves open: defaults, layers, and refusing to start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from caseflow import create_app
from caseflow.config import Defaults
from caseflow.extensions import db
from caseflow.rulesettings import RULE_SETTINGS, RuleSettingError, setting, validate
from tests.conftest import _base_config

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {"CLOSURE_EXTENSION_MAX_MONTHS": 3, "PUBLIC_NOTICE_SERVICE_DAYS": 30,
            "SERVE_COPY_MET_BY": "dispatch", "RECUSAL_DECISION_WORKING_DAYS": 3,
            "CORRECTION_RESTARTS_ACCEPTANCE": True}


@pytest.fixture
def other_app(app: Flask, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build another app on the test's database with more settings."""
    made: list[Flask] = []

    def _make(**config: object) -> Flask:
        settings = _base_config(app.config["DATABASE_URL"], tmp_path)
        settings.update(config)
        made.append(create_app(settings))
        return made[-1]

    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def test_the_defaults_are_those_domain_16_20_recommends(app):
    assert set(RULE_SETTINGS) == set(DEFAULTS)
    assert {name: getattr(Defaults, name) for name in DEFAULTS} == DEFAULTS
    assert {name: setting(name) for name in DEFAULTS} == DEFAULTS


def test_each_default_is_documented_with_the_article_that_leaves_it_open():
    source = (ROOT / "caseflow" / "config.py").read_text(encoding="utf-8")
    for name in DEFAULTS:
        comment = re.search(rf"((?:\n    #:[^\n]*)+)\n    {name} = ", source)
        assert comment and re.search(r"Art\. \d+", comment.group(1)), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Which rules CaseFlow follows", 1)[1].split("\n## ", 1)[0]
    for name in DEFAULTS:
        assert f"`{name}`" in section and f"`CASEFLOW_{name}`" in section, name


def test_unknown_setting_is_a_key_error(app):
    with pytest.raises(KeyError, match="not a rule setting"):
        setting("CLOSURE_MONTHS")


def test_the_other_readings_are_accepted_and_environment_text_converted(other_app, monkeypatch):
    monkeypatch.setenv("CASEFLOW_CLOSURE_EXTENSION_MAX_MONTHS", "2")
    monkeypatch.setenv("CASEFLOW_PUBLIC_NOTICE_SERVICE_DAYS", " 60 ")
    monkeypatch.setenv("CASEFLOW_SERVE_COPY_MET_BY", "Receipt")
    monkeypatch.setenv("CASEFLOW_RECUSAL_DECISION_WORKING_DAYS", "5")
    monkeypatch.setenv("CASEFLOW_CORRECTION_RESTARTS_ACCEPTANCE", "false")
    other = other_app()
    with other.app_context():
        assert {name: setting(name) for name in DEFAULTS} == {
            "CLOSURE_EXTENSION_MAX_MONTHS": 2, "PUBLIC_NOTICE_SERVICE_DAYS": 60,
            "SERVE_COPY_MET_BY": "receipt", "RECUSAL_DECISION_WORKING_DAYS": 5,
            "CORRECTION_RESTARTS_ACCEPTANCE": False}


@pytest.mark.parametrize(("name", "value"), [
    ("CLOSURE_EXTENSION_MAX_MONTHS", 4), ("CLOSURE_EXTENSION_MAX_MONTHS", "three"),
    ("CLOSURE_EXTENSION_MAX_MONTHS", True), ("PUBLIC_NOTICE_SERVICE_DAYS", 45),
    ("PUBLIC_NOTICE_SERVICE_DAYS", "-30"), ("SERVE_COPY_MET_BY", "posting"),
    ("SERVE_COPY_MET_BY", None), ("RECUSAL_DECISION_WORKING_DAYS", 0),
    ("RECUSAL_DECISION_WORKING_DAYS", 31), ("RECUSAL_DECISION_WORKING_DAYS", 2.5),
    ("CORRECTION_RESTARTS_ACCEPTANCE", "maybe"), ("CORRECTION_RESTARTS_ACCEPTANCE", 1),
])
def test_a_bad_value_refuses_to_start_with_a_clear_message(other_app, name, value):
    with pytest.raises(SystemExit) as refused:
        other_app(**{name: value})
    message = str(refused.value)
    assert message.startswith("CaseFlow refuses to start: ")
    assert f"{name} = {value!r} is not allowed; it may be " in message
    assert "Which rules CaseFlow follows" in message and "Traceback" not in message
    assert message.count(" is not allowed") == 1  # only the bad one is named


def test_a_bad_environment_value_refuses_to_start(other_app, monkeypatch):
    monkeypatch.setenv("CASEFLOW_SERVE_COPY_MET_BY", "fax")
    with pytest.raises(SystemExit, match=r"SERVE_COPY_MET_BY = 'fax' is not allowed"):
        other_app()


def test_validate_names_every_problem_at_once():
    with pytest.raises(RuleSettingError) as refused:
        validate(dict(DEFAULTS, PUBLIC_NOTICE_SERVICE_DAYS=90, SERVE_COPY_MET_BY="post",
                      RECUSAL_DECISION_WORKING_DAYS=None))
    message = str(refused.value)
    assert message.count(" is not allowed") == 3
    assert "30 (CPL Art. 95 as amended in 2021) or 60 (the 2019 guide)" in message
    with pytest.raises(RuleSettingError, match="CORRECTION_RESTARTS_ACCEPTANCE is not set"):
        validate({k: v for k, v in DEFAULTS.items() if k != "CORRECTION_RESTARTS_ACCEPTANCE"})
    assert validate(DEFAULTS) == DEFAULTS
