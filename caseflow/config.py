"""Configuration defaults. Nothing here reads the environment at import time."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

ENV_PREFIX = "CASEFLOW_"


class StartupRefused(SystemExit):
    """The app must not start; the message says why and what to do (no traceback)."""


class Defaults:
    """Built-in settings: the first of four layers (defaults, instance, environment, test)."""

    SECRET_KEY: str | None = None
    PII_KEY: str | None = None  # identity-number keyring; None: a key kept in instance/pii_key
    PII_LEGACY_SECRET: str | None = None  # the secret pre-keyring identity numbers came from
    DATABASE_URL: str | None = None  # None: SQLite file in the instance folder
    TIMEZONE = "Asia/Shanghai"

    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    TRUST_PROXY = False  # set behind a TLS-terminating reverse proxy (X-Forwarded-For/-Proto)
    SESSION_COOKIE_NAME = "caseflow_session"
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=30)
    SESSION_REFRESH_EACH_REQUEST = True
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the (30-minute idle) session
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024 + 64 * 1024
    EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

    PASSWORD_HASH_METHOD = "scrypt"
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 30
    LOGIN_RATE_LIMIT = "30 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    API_TOKEN_HOURS = 8  # a bearer token's lifetime
    API_TOKENS_PER_USER = 5  # unexpired tokens a user may hold; a new one revokes the oldest
    KPI_CACHE_SECONDS = 60  # a dashboard reloaded within this time reuses its computation
    # The workflow version new cases open under, by workflow name. Empty: every workflow opens
    # under its highest loaded version, so new adjudications and pre-litigation mediations follow
    # the 2025 Measures (v2); open cases always keep the version they began with (the Measures'
    # transition rule), so v1 cases finish under v1. Pin a version only to hold new cases back,
    # e.g. CASEFLOW_WORKFLOW_VERSIONS="adjudication=1,prelitigation_mediation=1".
    WORKFLOW_VERSIONS: dict[str, int] = {}

    # -- Mail (caseflow/notifications, README "Mail"). No MAIL_SERVER: mail waits in the outbox.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "caseflow@localhost"
    MAIL_TIMEOUT_SECONDS = 30
    MAIL_MAX_ATTEMPTS = 8  # then the mail is dead-lettered (the admin page can retry it)
    MAIL_BACKOFF_SECONDS = 60  # first retry after this, doubling each attempt
    MAIL_BACKOFF_MAX_SECONDS = 6 * 3600
    MAIL_LEASE_SECONDS = 300  # a worker's claim on a mail; longer than one SMTP exchange
    MAIL_BATCH = 50
    MAIL_POLL_SECONDS = 10  # `flask deliver` without --once: pause between empty rounds
    BASE_URL = "http://127.0.0.1:5000"  # links in mail point here

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    # -- Points the law leaves open (DOMAIN.md §16.20): a bureau's legal office decides them.
    # Validated at start-up (caseflow/rulesettings.py: a bad value refuses to start), read by
    # the workflow engine through `rulesettings.setting(name)`. README: "Which rules CaseFlow
    # follows".
    #: Art. 37 says the first extension is ≤1 month and the 上一级's is ≤2 months, but not
    #: whether those 2 months come on top of the first (3, the text's natural reading: at most
    #: 3 + 1 + 2 = 6 months) or are the total of both (2: at most 5 months); §16.20 item 1.
    CLOSURE_EXTENSION_MAX_MONTHS = 3
    #: The Measures give no period after which a public notice (公告送达) counts as served;
    #: CPL Art. 95 as amended in 2021 says 30 days, the 2019 guide (old CPL) 60; §16.20 item 8.
    PUBLIC_NOTICE_SERVICE_DAYS = 30
    #: Art. 22 says the bureau 「送达」 the request within 5 working days without saying whether
    #: dispatching the copy or the respondent's receipt meets it: "dispatch" or "receipt";
    #: §16.20 item 4.
    SERVE_COPY_MET_BY = "dispatch"
    #: Art. 5 has the 负责人 decide a recusal application but sets no period; the 2019 guide
    #: says 3 working days.
    RECUSAL_DECISION_WORKING_DAYS = 3
    #: Art. 16 says a corrected request is filed 「及时」 with no number of days; restarting the
    #: 5-working-day acceptance clock on the correction's receipt is local policy (true).
    CORRECTION_RESTARTS_ACCEPTANCE = True


#: settings whose environment value is converted from text
_BOOL_KEYS = {"SESSION_COOKIE_SECURE", "TESTING", "TRUST_PROXY", "MAIL_USE_TLS"}
_INT_KEYS = {"EVIDENCE_MAX_BYTES", "LOGIN_MAX_FAILURES", "LOGIN_LOCK_MINUTES", "API_TOKEN_HOURS",
             "API_TOKENS_PER_USER", "KPI_CACHE_SECONDS", "MAIL_PORT", "MAIL_TIMEOUT_SECONDS",
             "MAIL_MAX_ATTEMPTS", "MAIL_BACKOFF_SECONDS", "MAIL_BACKOFF_MAX_SECONDS",
             "MAIL_LEASE_SECONDS", "MAIL_BATCH", "MAIL_POLL_SECONDS"}


def _versions(value: str) -> dict[str, int]:
    """Read `name=version,name=version` (blank: every workflow at its latest version)."""
    out: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, sep, version = item.partition("=")
        if not sep or not version.strip().isdigit():
            raise StartupRefused(f"CaseFlow refuses to start: CASEFLOW_WORKFLOW_VERSIONS: "
                                 f"{item!r} is not name=version")
        out[name.strip()] = int(version)
    return out


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Return the CASEFLOW_* variables as settings, converting booleans and integers."""
    settings: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX):]
        if name in _BOOL_KEYS:
            settings[name] = value.strip().lower() in {"1", "true", "yes", "on"}
        elif name in _INT_KEYS:
            settings[name] = int(value)
        elif name == "WORKFLOW_VERSIONS":
            settings[name] = _versions(value)
        else:
            settings[name] = value
    return settings
