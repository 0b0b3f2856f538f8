"""Sign-in, lock-out, tokens and user administration. Callers commit."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from caseflow.audit import services as audit
from caseflow.auth.models import ROLES, ApiToken, LoginThrottle, User
from caseflow.database import insert_if_absent
from caseflow.errors import Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.org.models import Unit
from caseflow.timeutil import utcnow

_DUMMY_HASH = generate_password_hash("not-a-password", method="scrypt")
MIN_PASSWORD_LENGTH = 10


@dataclass
class LoginResult:
    user: User | None
    status: int = 200  # 200 ok, 401 wrong credentials, 429 locked
    retry_after: int = 0


def normalise_username(username: str) -> str:
    """Fold a user name as typed (full-width, compatibility forms, case) to its stored form."""
    return unicodedata.normalize("NFKC", username or "").strip().lower()[:64]


def _script(char: str) -> str | None:
    """Return the script a letter belongs to (LATIN, CYRILLIC, GREEK, CJK…); None for others."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "?").split(" ")[0].split("-")[0]


def mixes_scripts(text: str) -> bool:
    """Tell whether the letters of `text` come from more than one script (e.g. Latin a with
    Cyrillic а), the mark of a name made to look like another."""
    return len({s for s in map(_script, text) if s is not None}) > 1


# Letters of other scripts drawn like Latin ones: a name made only of them reads as Latin.
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",  # Cyrillic
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "υ": "u",  # Greek
})


def _skeleton(username: str) -> str:
    return username.translate(_LOOKALIKES)


def get_user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) ==
                                                normalise_username(username)))


def authenticate(username: str, password: str, *, client: str | None = None,
                 channel: str = "web") -> LoginResult:
    """Check credentials, counting failures per user name and locking after too many."""
    name = normalise_username(username)
    now = utcnow()
    # Created race-free and locked: concurrent attempts on one name count one by one.
    insert_if_absent(db.session, LoginThrottle, {"username": name, "failures": 0}, ["username"])
    throttle = db.session.execute(
        select(LoginThrottle).where(LoginThrottle.username == name).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()
    if throttle.locked_until and throttle.locked_until > now:
        retry = int((throttle.locked_until - now).total_seconds()) + 1
        audit.record("login_refused_locked", actor_name=name or "?",
                     data={"username": name, "client": client, "channel": channel})
        return LoginResult(None, 429, retry)
    user = get_user_by_username(name) if name else None
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")  # same cost as a real check
        ok = False
    else:
        ok = user.check_password(password or "") and user.active
    if ok:
        throttle.failures, throttle.locked_until = 0, None
        user.last_login_at = now
        audit.record("login", actor=user, data={"client": client, "channel": channel})
        return LoginResult(user)
    throttle.failures = (throttle.failures or 0) + 1
    audit.record("login_failed", actor_name=name or "?",
                 actor=None, data={"username": name, "client": client, "channel": channel,
                                   "failures": throttle.failures})
    if throttle.failures >= current_app.config["LOGIN_MAX_FAILURES"]:
        minutes = current_app.config["LOGIN_LOCK_MINUTES"]
        throttle.locked_until = now + timedelta(minutes=minutes)
        throttle.failures = 0
        audit.record("account_locked", actor_name=name or "?",
                     data={"username": name, "minutes": minutes, "client": client})
    return LoginResult(None, 401)


def log_out(user: User, *, token: str | None = None) -> None:
    """End a sign-out's session server-side: a bearer token is revoked; a cookie session ends
    with the user's session key, so a copy of the cookie no longer signs anyone in."""
    if token is not None:
        db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id,
                                                  ApiToken.token_hash == _token_hash(token)))
        audit.record("logout", actor=user, data={"channel": "api"})
        return
    user.session_key = secrets.token_hex(16)
    audit.record("logout", actor=user)


def end_sessions(user: User) -> int:
    """End every session and API token of the user; return how many tokens were revoked."""
    user.session_key = secrets.token_hex(16)
    result = db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    return result.rowcount or 0


def issue_token(user: User) -> tuple[str, datetime]:
    """Create a bearer token for the user (only its hash is stored), keeping at most
    API_TOKENS_PER_USER unexpired tokens: the oldest are revoked."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    db.session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), expires_at=expires,
                            created_at=now))
    db.session.flush()
    keep = select(ApiToken.id).where(ApiToken.user_id == user.id, ApiToken.expires_at > now) \
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()) \
        .limit(max(1, current_app.config["API_TOKENS_PER_USER"]))
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id,
                                              ApiToken.id.not_in(keep.scalar_subquery()))
                       .execution_options(synchronize_session=False))
    audit.record("api_token_issued", actor=user, data={"expires_at": expires})
    return token, expires


def user_for_token(token: str) -> User | None:
    """Return the active user a valid, unexpired token belongs to."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row.user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- administration ------------------------------------------------------------------------

def _require_admin(actor: User) -> None:
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以管理用户。"))


def check_password_strength(password: str) -> str | None:
    """Return a message when the password is too weak, else None."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return Message(N_("密码至少 %(n)s 位。"), {"n": MIN_PASSWORD_LENGTH})
    kinds = sum([any(c.isdigit() for c in password), any(c.isalpha() for c in password),
                 any(not c.isalnum() for c in password)])
    if kinds < 2:
        return N_("密码须包含字母、数字、符号中的至少两类。")
    return None


def create_user(actor: User, *, username: str, name: str, role: str, unit: Unit,
                password: str, can_view_pii: bool = False, email: str | None = None) -> User:
    """Create an account (admin only)."""
    from caseflow.notifications.services import validate_address

    _require_admin(actor)
    errors: dict[str, str] = {}
    try:
        email = validate_address(email)
    except ValidationFailed as err:
        errors.update(err.fields)
    username = normalise_username(username)
    if not username or not all(c.isalnum() or c in "-_." for c in username):
        errors["username"] = N_("用户名只能包含字母、数字和 - _ .")
    elif mixes_scripts(username):
        errors["username"] = N_("用户名不能混用不同文字的字母（如拉丁字母与西里尔字母）。")
    elif get_user_by_username(username):
        errors["username"] = N_("该用户名已存在。")
    elif (twin := _lookalike_of(username)) is not None:
        errors["username"] = Message(N_("该用户名与已有用户名 %(other)s 难以区分。"),
                                     {"other": twin})
    if role not in ROLES:
        errors["role"] = N_("未知角色。")
    if not (name or "").strip() or len(name) > 100:
        errors["name"] = N_("请填写姓名（不超过 100 字）。")
    if (weak := check_password_strength(password)):
        errors["password"] = weak
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    user = User(username=username, name=name.strip(), role=role, unit=unit,
                can_view_pii=can_view_pii, active=True, email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", actor=actor, data={"user": username, "role": role,
                                                    "unit": unit.code, "pii": can_view_pii,
                                                    "email": email})
    return user


def _lookalike_of(username: str) -> str | None:
    skeleton = _skeleton(username)
    for other in db.session.scalars(select(User.username)):
        if _skeleton(normalise_username(other)) == skeleton:
            return other
    return None


def reset_password(actor: User, user: User, password: str) -> None:
    """Set a new password for a user (admin only); ends the user's sessions."""
    _require_admin(actor)
    if (weak := check_password_strength(password)):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"password": weak})
    user.set_password(password)
    end_sessions(user)
    throttle = db.session.get(LoginThrottle, user.username)
    if throttle is not None:
        throttle.failures, throttle.locked_until = 0, None
    audit.record("password_reset", actor=actor, data={"user": user.username})


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate or reactivate an account (admin only)."""
    _require_admin(actor)
    if user.id == actor.id and not active:
        raise ValidationFailed(N_("不能停用自己的账户。"), fields={"active": N_("不能停用自己的账户。")})
    user.active = active
    end_sessions(user)
    audit.record("user_activated" if active else "user_deactivated", actor=actor,
                 data={"user": user.username})


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(N_("用户不存在。"))
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).join(User.unit).order_by(Unit.path,
                                                                         User.username)))
