"""CaseFlow: patent-infringement dispute handling for a city market-supervision bureau."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, request, session

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config layers, extensions, workflows, blueprints."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"))
    _load_config(app, test_config)
    _init_extensions(app)
    _init_pii(app)
    _load_workflows(app)
    from caseflow import hardening

    hardening.install(app)  # before the blueprints: their <int:...> routes use its converter
    _register_blueprints(app)
    _register_hooks(app)
    if app.config.get("TRUST_PROXY"):
        # Behind one TLS-terminating proxy: client address and scheme come from its headers
        # (login throttling is per client address).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    from caseflow.cli import register_cli
    from caseflow.errors import register_error_handlers

    register_error_handlers(app)
    register_cli(app)
    from caseflow import transaction

    transaction.register(app)  # last: it runs before the other after-request hooks
    return app


def _load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    from caseflow.config import Defaults, from_environment
    from caseflow.database import default_sqlite_url, normalise_url

    app.config.from_object(Defaults)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    url = app.config.get("DATABASE_URL") or default_sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_url(url)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    app.config.setdefault("UPLOAD_FOLDER", str(Path(app.instance_path) / "uploads"))
    app.config.setdefault("WORKFLOWS_DIR", str(ROOT / "workflows"))
    app.config.setdefault("DOCUMENTS_DIR", str(ROOT / "documents"))
    app.config.setdefault("DOCUMENTS_FOLDER", str(Path(app.instance_path) / "documents"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _local_secret(Path(app.instance_path) / "secret_key",
                                                 lambda: secrets.token_hex(32))
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URI"]
    _check_rule_settings(app)


def _check_rule_settings(app: Flask) -> None:
    """Refuse to start on a bad setting for a point the law leaves open (caseflow/rulesettings.py)."""
    from caseflow.config import StartupRefused
    from caseflow.rulesettings import RuleSettingError, validate

    try:
        app.config.update(validate(app.config))
    except RuleSettingError as err:
        raise StartupRefused(f"CaseFlow refuses to start: {err}") from None


def _local_secret(path: Path, make: Callable[[], str]) -> str:
    """Read (or create once) a random key kept in the instance folder for single-host use.

    Created under a temporary name and linked into place, so server processes starting at the
    same moment all end up with the one key that won (never each its own).
    """
    if not path.exists():
        spare = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        spare.write_text(make())
        spare.chmod(0o600)
        try:
            os.link(spare, path)
        except FileExistsError:
            pass
        finally:
            spare.unlink()
    return path.read_text().strip()


def _init_pii(app: Flask) -> None:
    """Load the identity-number keyring and refuse to start if it cannot read stored numbers."""
    from caseflow.cases import pii
    from caseflow.config import StartupRefused

    if not app.config.get("PII_KEY"):
        app.config["PII_KEY"] = _local_secret(Path(app.instance_path) / "pii_key", pii.new_key)
    try:
        pii.install(app)
    except pii.KeyringInvalid as err:
        raise StartupRefused(f"CaseFlow refuses to start: {err}") from None
    pii.check_stored(app)


def _init_extensions(app: Flask) -> None:
    import caseflow.models  # noqa: F401  (the whole schema, for SQLAlchemy and Alembic)
    from caseflow.database import configure_engine
    from caseflow.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(ROOT / "caseflow" / "translations"))
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    from flask_babel import gettext

    login_manager.localize_callback = gettext
    login_manager.session_protection = "basic"

    from caseflow.auth.loaders import load_user, load_user_from_request

    login_manager.user_loader(load_user)
    login_manager.request_loader(load_user_from_request)


def _select_locale() -> str:
    lang = session.get("lang") if request else None
    return lang or "zh_Hans_CN"


def _load_workflows(app: Flask) -> None:
    from caseflow.cases.effects import EFFECTS
    from caseflow.workflow.registry import load_registry

    app.extensions["caseflow.workflows"] = load_registry(app.config["WORKFLOWS_DIR"], EFFECTS)
    _check_workflow_versions(app)
    _load_documents(app)


def _load_documents(app: Flask) -> None:
    """Load the document templates; refuse to start on a bad one (like a workflow file)."""
    from caseflow.config import StartupRefused
    from caseflow.documents.catalog import CatalogError
    from caseflow.documents.checks import load_documents

    try:
        app.extensions["caseflow.documents"] = load_documents(
            app.config["DOCUMENTS_DIR"], app.extensions["caseflow.workflows"])
    except CatalogError as err:
        raise StartupRefused("CaseFlow refuses to start: document templates: "
                             + "; ".join(err.errors)) from None


def _check_workflow_versions(app: Flask) -> None:
    """Refuse to start when a pinned version is missing or open cases follow an unloaded one."""
    from sqlalchemy.exc import DBAPIError

    from caseflow.cases import workflow_versions
    from caseflow.config import StartupRefused
    from caseflow.database import WRITE_INTENT
    from caseflow.extensions import db

    registry = app.extensions["caseflow.workflows"]
    problems = workflow_versions.check_pins(registry, app.config)
    with app.app_context():
        intent = WRITE_INTENT.set(False)
        try:
            problems += workflow_versions.versions_in_use(registry)
        except DBAPIError as err:  # no database yet (before `flask db upgrade`), or unreachable
            workflow_versions.log.info("workflow versions in use not checked (%s)",
                                       type(err).__name__)
        finally:
            WRITE_INTENT.reset(intent)
            db.session.remove()
            db.engine.dispose()
    if problems:
        raise StartupRefused("CaseFlow refuses to start: " + "; ".join(problems))


def _register_blueprints(app: Flask) -> None:
    from caseflow.admin.views import bp as admin_bp
    from caseflow.api import (  # noqa: F401  (API routes)
        audit,
        cases,
        core,
        deadlines,
        document_services,
        documents,
        evidence,
        handoff,
        panel,
        reports,
        routing,
    )
    from caseflow.api.base import bp as api_bp
    from caseflow.audit.views import bp as audit_bp
    from caseflow.auth.views import bp as auth_bp
    from caseflow.cases import (
        action_views,  # noqa: F401  (the case page and its actions)
        correction_views,  # noqa: F401  (the correction page)
        panel_views,  # noqa: F401  (the panel and recusal forms)
        print_views,  # noqa: F401  (the case summary's print view)
    )
    from caseflow.cases.evidence_views import bp as evidence_bp
    from caseflow.cases.views import bp as cases_bp
    from caseflow.deadlines.views import bp as deadlines_bp
    from caseflow.documents.service_views import bp as document_services_bp
    from caseflow.documents.views import bp as documents_bp
    from caseflow.main.views import bp as main_bp
    from caseflow.notifications.views import bp as notifications_bp
    from caseflow.reports.views import bp as reports_bp
    from caseflow.routing.views import bp as routing_bp

    for blueprint in (auth_bp, main_bp, admin_bp, api_bp, cases_bp, deadlines_bp,
                      evidence_bp, reports_bp, audit_bp, routing_bp, documents_bp,
                      document_services_bp, notifications_bp):
        app.register_blueprint(blueprint)


def _register_hooks(app: Flask) -> None:
    from caseflow.templating import register_template_helpers

    register_template_helpers(app)

    from caseflow.database import WRITE_INTENT

    @app.before_request
    def _forms_are_forms() -> None:
        # Pages take HTML forms only; JSON bodies belong to /api/ (Flask-WTF would otherwise
        # try to read a JSON array or number as form data and fail).
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.is_json and \
                not request.path.startswith("/api/"):
            abort(415)

    @app.before_request
    def _declare_write_intent() -> None:
        view = app.view_functions.get(request.endpoint or "")
        WRITE_INTENT.set(request.method not in ("GET", "HEAD", "OPTIONS")
                         or bool(getattr(view, "writes_on_get", False)))

    @app.teardown_request
    def _reset_write_intent(_exc: BaseException | None) -> None:
        WRITE_INTENT.set(True)

    @app.after_request
    def _security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        # Only a user already loaded: no query after the request's transaction has ended.
        user = g.get("_login_user")
        if user is not None and user.is_authenticated \
                and not (request.endpoint or "").endswith("static") \
                and "no-store" not in response.headers.get("Cache-Control", ""):
            # A signed-in page must not be kept by the browser or a proxy for the next person.
            response.headers["Cache-Control"] = "no-store"
        return response
