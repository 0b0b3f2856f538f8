"""The schema comes only from migrations, and the models agree with it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from caseflow.extensions import db


def test_models_and_migrations_have_no_drift(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_flask_db_check_command(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
