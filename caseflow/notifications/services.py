"""Tell people about a change: the in-app notification and the queued mail, in the change's
transaction (a rolled-back action leaves neither).

Services call `notify` after their change and before they flush; the recipients are computed
by the caller from roles and scope at the time of the event (`unit_staff`, `approvers`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from email.utils import make_msgid
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.deadlines.models import Notification
from caseflow.errors import Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.notifications.models import CATEGORIES, OutboxMail
from caseflow.org.models import Unit
from caseflow.timeutil import utcnow

#: event kind -> (preference category, subject msgid, body msgid); values: number, unit, url
EVENTS: dict[str, tuple[str, str, str]] = {
    "case_routed": ("assignments", N_("案件 %(number)s 已移送%(unit)s"),
                    N_("案件 %(number)s 已移送%(unit)s办理，请及时签收并办理。\n\n查看案件：%(url)s")),
    "approval_requested": ("approvals", N_("案件 %(number)s 的处理决定待审批"),
                           N_("案件 %(number)s 的处理决定已提交，等待您审批。\n\n查看案件：%(url)s")),
    "decision_approved": ("approvals", N_("案件 %(number)s 的处理决定已批准"),
                          N_("您承办的案件 %(number)s 的处理决定已批准。\n\n查看案件：%(url)s")),
    "decision_returned": ("approvals", N_("案件 %(number)s 的处理决定被退回"),
                          N_("您承办的案件 %(number)s 的处理决定被退回修改。\n\n查看案件：%(url)s")),
    "case_assigned": ("assignments", N_("案件 %(number)s 已分派给您"),
                      N_("您已被指定为案件 %(number)s 的%(role)s，请及时办理。\n\n查看案件：%(url)s")),
    "document_awaiting_issue": (
        "assignments", N_("案件 %(number)s 的%(title)s待签发"),
        N_("案件 %(number)s 的%(title)s草稿已制作，等待您签发。\n\n查看案件：%(url)s")),
    "document_awaiting_service": (
        "assignments", N_("案件 %(number)s 的%(title)s待送达"),
        N_("案件 %(number)s 的%(title)s已签发，请及时送达。\n\n查看案件：%(url)s")),
}
#: the body of a deadline reminder's mail (the sweep's message is its subject)
REMINDER_BODY = N_("%(message)s\n\n查看案件：%(url)s")
LANGUAGES = ("zh_Hans_CN", "en")
STAFF_ROLES = ("officer", "supervisor")


def unit_staff(unit: Unit) -> list[User]:
    """Return the active officers and supervisors of a unit (who hear of a case moved to it)."""
    return list(db.session.scalars(select(User).where(
        User.unit_id == unit.id, User.role.in_(STAFF_ROLES), User.active).order_by(User.id)))


def unit_users(unit: Unit, roles: Iterable[str] | None = None) -> list[User]:
    """Return the active users of a unit (of the given roles), in a stable order."""
    stmt = select(User).where(User.unit_id == unit.id, User.active)
    if roles is not None:
        stmt = stmt.where(User.role.in_(tuple(roles)))
    return list(db.session.scalars(stmt.order_by(User.id)))


def already_notified(key: str) -> bool:
    """Tell whether anyone was notified under the event key `key` (a once-only event)."""
    return db.session.scalar(select(Notification.id).where(
        Notification.key.startswith(f"{key}:u", autoescape=True)).limit(1)) is not None


def approvers(case: Case, may_approve: Callable[[User], bool]) -> list[User]:
    """Return the active supervisors of the handling unit and the units above it for whom
    `may_approve` (the approving service's own predicate) holds."""
    paths = [case.handling_unit.path[:i + 1] for i, c in enumerate(case.handling_unit.path)
             if c == "/"]
    candidates = db.session.scalars(select(User).join(Unit, Unit.id == User.unit_id).where(
        Unit.path.in_(paths + [case.handling_unit.path]), User.role == "supervisor",
        User.active).order_by(User.id))
    return [u for u in candidates if may_approve(u)]


def case_url(case: Case) -> str:
    """Return the absolute link to the case page (BASE_URL: mail is read outside the app)."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/cases/{case.id}"


def _render(kind: str, user: User, params: dict[str, Any]) -> tuple[str, str]:
    _category, subject, body = EVENTS[kind]
    language = user.language if user.language in LANGUAGES else LANGUAGES[0]
    with force_locale(language):
        return gettext(subject, **params), gettext(body, **params)


def _message_id() -> str:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "caseflow@localhost"
    return make_msgid(idstring=secrets.token_hex(4), domain=sender.rpartition("@")[2]
                      or "localhost")


def wants_mail(user: User, category: str) -> bool:
    """Tell whether the user has an address and wants mail of this category."""
    return bool(user.email) and bool(getattr(user, f"mail_{category}"))


def notify(kind: str, users: Iterable[User], case: Case, *, key: str | None = None,
           **values: Any) -> int:
    """Write one in-app notification and (where wanted) one queued mail per recipient; return
    how many people were notified. The caller commits. With `key` (an event that happens once,
    see `already_notified`) each row's key is `key:u<user id>`, unique per person.

    No audit event of its own: the rows are the record of who was told, written in the
    transaction of the change whose own audit event they follow (a case's history stays the
    history of its acts)."""
    category = EVENTS[kind][0]
    recipients = list({u.id: u for u in users if u.active}.values())
    if not recipients:
        return 0
    params = {"number": case.display_number, "url": case_url(case), **values}
    for user in recipients:
        subject, body = _render(kind, user, params)
        db.session.add(Notification(user_id=user.id, case_id=case.id, kind=kind,
                                    key=(f"{key}:u{user.id}" if key else
                                         f"{kind}:c{case.id}:{secrets.token_hex(8)}:u{user.id}"),
                                    message=subject[:500]))
        if wants_mail(user, category):
            queue_mail(user, case, kind, subject, body)
    return len(recipients)


def queue_mail(user: User, case: Case, kind: str, subject: str, body: str) -> OutboxMail:
    """Queue one mail to `user` about `case` (the caller checked `wants_mail`; it commits)."""
    mail = OutboxMail(user_id=user.id, case_id=case.id, kind=kind, to_address=user.email,
                      subject=subject[:300], body=body, message_id=_message_id(),
                      status="pending", next_attempt_at=utcnow())
    db.session.add(mail)
    return mail


def queue_reminder(user: User, case: Case, kind: str, text: Callable[[], str]) -> None:
    """Queue the mail of a deadline reminder (the sweep's in-app message) where the user wants
    reminders by mail; `text()` gives the message in the current language, rendered in the
    user's own."""
    if not wants_mail(user, "reminders"):
        return
    language = user.language if user.language in LANGUAGES else LANGUAGES[0]
    with force_locale(language):
        subject = text()
        body = gettext(REMINDER_BODY, message=subject, url=case_url(case))
    queue_mail(user, case, kind, subject, body)


def set_preferences(actor: User, user: User, *, language: Any, **choices: Any) -> User:
    """Change a user's mail language and per-category mail choices (the user's own only)."""
    if actor.id != user.id:
        raise Forbidden(N_("只能修改自己的通知设置。"))
    if language not in LANGUAGES:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"language": N_("未知语言。")})
    user.language = language
    for category in CATEGORIES:
        setattr(user, f"mail_{category}", bool(choices.get(category)))
    audit.record("mail_preferences_changed", actor=actor,
                 data={"language": language,
                       **{c: getattr(user, f"mail_{c}") for c in CATEGORIES}})
    db.session.flush()
    return user


def validate_address(value: Any) -> str | None:
    """Return the normalised mail address, None for blank; refuse (422) a malformed one."""
    from email_validator import EmailNotValidError, validate_email

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if not isinstance(value, str) or len(value) > 254:
            raise EmailNotValidError("too long")
        # ASCII only: the worker speaks plain SMTP (no SMTPUTF8); no DNS look-up (intranet).
        return validate_email(value.strip(), check_deliverability=False,
                              allow_smtputf8=False).normalized
    except EmailNotValidError:
        raise ValidationFailed(N_("提交的内容有误。"),
                               fields={"email": N_("邮箱地址格式不正确。")}) from None


def set_address(actor: User, user: User, email: Any) -> User:
    """Set (or clear) a user's mail address (admin only), validated and audited."""
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以修改邮箱地址。"))
    user.email = validate_address(email)
    audit.record("user_email_changed", actor=actor, data={"user": user.username,
                                                           "email": user.email})
    db.session.flush()
    return user


def retry_mail(actor: User, mail: OutboxMail) -> OutboxMail:
    """Queue a failed or dead-lettered mail again with the same Message-ID (admin only)."""
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以重发邮件。"))
    if mail.status not in ("failed", "dead"):
        raise ValidationFailed(N_("只有发送失败的邮件可以重发。"))
    previous = mail.status
    mail.status, mail.attempts, mail.next_attempt_at = "pending", 0, utcnow()
    mail.claim_token = mail.lease_until = mail.handed_over_at = None
    audit.record("mail_retried", actor=actor, case_id=mail.case_id,
                 data={"mail": mail.id, "message_id": mail.message_id, "to": mail.to_address,
                       "was": previous, "last_error": mail.last_error})
    db.session.flush()
    return mail
