"""An app per test on a freshly reset database (SQLite by default, PostgreSQL by env)."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from caseflow import create_app
from caseflow.extensions import db

FAST_HASH = "pbkdf2:sha256:1000"
#: the workflow versions the suite opens new cases under (the default config opens v2)
V1_PINS = {"adjudication": 1, "prelitigation_mediation": 1}
#: a fixed identity-number key for every test app (32 bytes, url-safe base64)
TEST_PII_KEY = "Y2FzZWZsb3ctdGVzdC1waWkta2V5LTAxMjM0NTY3ODk="


def _base_config(url: str, tmp: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key",
        "PII_KEY": TEST_PII_KEY,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "DOCUMENTS_FOLDER": str(tmp / "documents"),
        "SERVER_NAME": None,
        # Statuses such as running/missed depend on "today": pin it so results never drift.
        "TODAY": "2026-11-25",
        "KPI_CACHE_SECONDS": 0,
        # New cases open under v1 here, so the suite's tests of the 2015 procedures keep testing
        # them (open v1 cases must keep working); tests of v2 pass a version or override this
        # (tests/foundation/test_workflow_default_version.py checks the real default: v2).
        "WORKFLOW_VERSIONS": dict(V1_PINS),
    }


def _migrate(url: str, tmp: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(_base_config(url, tmp))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Create the schema once by migrations; yield how to get a clean copy."""
    tmp = tmp_path_factory.mktemp("db")
    pg_base = os.environ.get("CASEFLOW_TEST_DATABASE_URL")
    if not pg_base:
        template = tmp / "template.db"
        _migrate(f"sqlite:///{template}", tmp)
        yield {"kind": "sqlite", "template": str(template), "dir": str(tmp)}
        return
    base = make_url(pg_base)
    name = f"caseflow_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    _migrate(url, tmp)
    yield {"kind": "postgresql", "url": url, "dir": str(tmp)}
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fresh_database_url(database: dict[str, str], tmp: Path) -> str:
    """Return a URL of an empty, migrated database for one test."""
    if database["kind"] == "sqlite":
        target = tmp / "test.db"
        shutil.copyfile(database["template"], target)
        return f"sqlite:///{target}"
    engine = create_engine(database["url"], isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"))]
        conn.execute(text("SET session_replication_role = replica"))  # skip the audit triggers
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                          + " RESTART IDENTITY CASCADE"))
        conn.execute(text("SET session_replication_role = origin"))
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"),
                     {"h": "0" * 64})
    engine.dispose()
    return database["url"]


@pytest.fixture(scope="session", autouse=True)
def pdf_memo() -> Iterator[dict[str, bytes]]:
    """Lay out each distinct document HTML once per session with the real WeasyPrint.

    Seeding the demo issues ~70 documents (0.2-0.45 s each), and every test that seeds it
    renders the same HTML again. The memo is keyed by the SHA-256 of the exact HTML, so a
    document whose text, 文号, dates or layout differ in any byte is rendered afresh; identical
    input gets the bytes WeasyPrint produced for it (tests read back, hash and store them).
    """
    from caseflow.documents import render

    memo: dict[str, bytes] = {}
    real = render.html_to_pdf

    def remembered(html: str) -> bytes:
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in memo:
            memo[key] = real(html)
        return memo[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "html_to_pdf", remembered)
        yield memo


@pytest.fixture
def app_config() -> dict[str, object]:
    """Per-test overrides of the configuration (override this fixture in a module)."""
    return {}


class RequestClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The test's own app context is popped around each request (ending its session) and a new
    one is pushed afterwards, so no session, identity map or `g` leaks between the test code
    and the request.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        outer = _cv_app.get(None)
        if outer is not None:
            outer.pop()
        try:
            return super().open(*args, **kwargs)
        finally:
            if outer is not None:
                self.application.app_context().push()


@pytest.fixture
def app(database: dict[str, str], tmp_path: Path, app_config: dict[str, object]) -> Iterator[Flask]:
    url = fresh_database_url(database, tmp_path)
    config = _base_config(url, tmp_path)
    config.update(app_config)
    application = create_app(config)
    application.test_client_class = RequestClient
    from tests.contract import VIOLATIONS, watch

    watch(application)
    application.app_context().push()
    from tests.factories import make_org

    make_org()
    db.session.commit()
    yield application
    while (ctx := _cv_app.get(None)) is not None:
        ctx.pop()
    with application.app_context():
        db.engine.dispose()
    violations = application.extensions[VIOLATIONS]
    assert not violations, "answers the OpenAPI document does not allow:\n" + "\n".join(
        dict.fromkeys(violations))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient):  # type: ignore[no-untyped-def]
    """Sign a demo user in through the login form and return the client."""

    def _login(username: str, password: str = "caseflow-demo") -> FlaskClient:
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


@pytest.fixture
def api(client: FlaskClient):  # type: ignore[no-untyped-def]
    """Return a function giving bearer headers for a demo user."""

    def _headers(username: str, password: str = "caseflow-demo") -> dict[str, str]:
        response = client.post("/api/v1/auth/token",
                               json={"username": username, "password": password})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return _headers
