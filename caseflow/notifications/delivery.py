"""The delivery worker: claim due mail, send it over SMTP, record the server's acceptance.

Why the standard library (`smtplib` + `email.message.EmailMessage`): the worker must commit a
marker between handing over the message text and sending the end of DATA, which needs the SMTP
conversation step by step; Flask-Mail(man) only offers "send this message" and adds nothing the
stdlib lacks here (STARTTLS, login, RFC 2047 headers are all in the stdlib).

The protocol, per mail (README "Mail: what exactly-once means"):
1. claim: in one short transaction, take due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite
   serialises writers with BEGIN IMMEDIATE), set status `sending`, a claim token, a lease and
   attempts + 1; commit.
2. MAIL FROM, RCPT TO, DATA, the message text — without the final "." the server keeps nothing
   (RFC 5321 §4.1.1.4), so a crash here is safely re-sent after the lease expires, same Message-ID.
3. commit `handed_over_at` (only while still holding the claim), then send ".": from now on the
   server may have the message, so it is never re-sent automatically.
4. on "250": commit `sent` with `accepted_at` and the server's reply. A 4xx/5xx reply to "." is a
   clear refusal (retry / dead); no reply at all (crash, lost connection) leaves an unknown outcome,
   which is dead-lettered for an administrator instead of being sent a second time.
"""

from __future__ import annotations

import re
import secrets
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from caseflow.extensions import db
from caseflow.notifications.models import OutboxMail
from caseflow.timeutil import utcnow

UNKNOWN = ("outcome unknown: the worker stopped after handing the message to the server; "
           "it may have been delivered (check by Message-ID before retrying)")


class LeaseLost(Exception):
    """Another worker took the row over (our lease had expired): do not end the DATA."""


@dataclass
class DeliveryReport:
    configured: bool = True
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0
    waiting: int = 0  # due but kept in the outbox (no mail server configured)
    unknown: int = 0  # crashed claims found handed over: dead-lettered, not re-sent

    def __str__(self) -> str:
        if not self.configured:
            return f"mail not configured: {self.waiting} due mail kept in the outbox"
        return (f"deliver: {self.claimed} claimed, {self.sent} sent, {self.failed} to retry, "
                f"{self.dead} dead, {self.unknown} of unknown outcome")


def is_configured(config: Any = None) -> bool:
    """Tell whether a mail server is configured (otherwise mail waits in the outbox)."""
    return bool((config or current_app.config).get("MAIL_SERVER"))


def _due(now: datetime) -> Any:
    return or_(and_(OutboxMail.status.in_(("pending", "failed")),
                    OutboxMail.next_attempt_at <= now),
               and_(OutboxMail.status == "sending", OutboxMail.lease_until < now,
                    OutboxMail.handed_over_at.is_(None)))


def count_due(now: datetime | None = None) -> int:
    """Return how many mails are waiting to be sent now."""
    return db.session.scalar(select(func.count()).select_from(OutboxMail)
                             .where(_due(now or utcnow()))) or 0


def recover(now: datetime) -> int:
    """Dead-letter expired claims that had been handed over (never re-send those); commit."""
    result = db.session.execute(update(OutboxMail).where(
        OutboxMail.status == "sending", OutboxMail.lease_until < now,
        OutboxMail.handed_over_at.is_not(None)).values(
        status="dead", claim_token=None, lease_until=None, last_error=UNKNOWN))
    db.session.commit()
    return result.rowcount or 0


def claim(now: datetime, limit: int, lease_seconds: int) -> tuple[str, list[int]]:
    """Take up to `limit` due mails for this worker; commit the claim; return token and ids."""
    token = secrets.token_hex(16)
    ids = list(db.session.scalars(
        select(OutboxMail.id).where(_due(now))
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)
        .with_for_update(skip_locked=True)))
    if ids:
        db.session.execute(update(OutboxMail).where(OutboxMail.id.in_(ids)).values(
            status="sending", claim_token=token, attempts=OutboxMail.attempts + 1,
            lease_until=now + timedelta(seconds=lease_seconds)))
    db.session.commit()
    return token, ids


def _mine(mail_id: int, token: str) -> Any:
    return and_(OutboxMail.id == mail_id, OutboxMail.claim_token == token,
                OutboxMail.status == "sending")


def _hand_over(mail_id: int, token: str) -> None:
    result = db.session.execute(update(OutboxMail).where(_mine(mail_id, token))
                                .values(handed_over_at=utcnow()))
    db.session.commit()
    if result.rowcount != 1:
        raise LeaseLost(mail_id)


def _mark_sent(mail_id: int, reply: str) -> None:
    # The acceptance is a fact whoever holds the row now (a recovery may have dead-lettered it).
    db.session.execute(update(OutboxMail).where(
        OutboxMail.id == mail_id, OutboxMail.handed_over_at.is_not(None),
        OutboxMail.status.in_(("sending", "dead"))).values(
        status="sent", accepted_at=utcnow(), server_reply=reply[:500], last_error=None,
        claim_token=None, lease_until=None))
    db.session.commit()


def backoff(attempts: int, config: Any) -> timedelta:
    """Return the wait before the next attempt: the base, doubled per attempt, capped."""
    seconds = config["MAIL_BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["MAIL_BACKOFF_MAX_SECONDS"]))


def _fail(mail_id: int, token: str, error: str, now: datetime, *, permanent: bool = False,
          unknown: bool = False) -> str:
    config = current_app.config
    mail = db.session.scalar(select(OutboxMail).where(_mine(mail_id, token)))
    if mail is None:
        db.session.rollback()
        return "lost"
    if unknown:
        status, error = "dead", f"{UNKNOWN}: {error}"
    elif permanent or mail.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        status = "dead"
    else:
        status = "failed"
        mail.next_attempt_at = now + backoff(mail.attempts, config)
        mail.handed_over_at = None  # refused for certain: nothing reached the server
    mail.status, mail.last_error = status, error[:500]
    mail.claim_token = mail.lease_until = None
    db.session.commit()
    return status


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """Return the message as sent: our Message-ID, the recipient's language already applied."""
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC), usegmt=True)
    message.set_content(mail.body)
    return message


def _connect(config: Any) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                        timeout=config["MAIL_TIMEOUT_SECONDS"])
    smtp.ehlo()
    if config.get("MAIL_USE_TLS"):
        smtp.starttls(context=ssl.create_default_context())
        smtp.ehlo()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _payload(message: EmailMessage) -> bytes:
    data = re.sub(rb"(?m)^\.", b"..", message.as_bytes())
    return data if data.endswith(b"\r\n") else data + b"\r\n"


#: test seam: called with (point, mail id) at "claimed", "handed_over" and "accepted"
checkpoint: Callable[[str, int], None] = lambda point, mail_id: None  # noqa: E731


def _send(smtp: smtplib.SMTP, mail: OutboxMail, token: str, sender: str) -> str:
    """Run one SMTP transaction; return the server's acceptance reply."""
    payload = _payload(build_message(mail, sender))
    code, reply = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = smtp.rcpt(mail.to_address)
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({mail.to_address: (code, reply)})
    code, reply = smtp.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    smtp.send(payload)
    _hand_over(mail.id, token)
    checkpoint("handed_over", mail.id)
    smtp.send(b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    return f"{code} {reply.decode(errors='replace')}"


def _deliver_claimed(ids: list[int], token: str, now: datetime, report: DeliveryReport) -> None:
    config = current_app.config
    sender = config["MAIL_DEFAULT_SENDER"]
    smtp: smtplib.SMTP | None = None
    try:
        for mail_id in ids:
            mail = db.session.scalar(select(OutboxMail).where(_mine(mail_id, token)))
            if mail is not None:
                db.session.expunge(mail)  # read once: using it later starts no transaction
            db.session.commit()  # end the read: no transaction (no SQLite lock) over the network
            if mail is None:
                continue
            checkpoint("claimed", mail_id)
            outcome, smtp = _attempt(smtp, mail, token, sender, now)
            setattr(report, outcome, getattr(report, outcome) + 1)
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _attempt(smtp: smtplib.SMTP | None, mail: OutboxMail, token: str, sender: str,
             now: datetime) -> tuple[str, smtplib.SMTP | None]:
    """Send one claimed mail; return what became of it and the connection to reuse."""
    handed_over = False
    try:
        if smtp is None:
            smtp = _connect(current_app.config)
        reply = _send(smtp, mail, token, sender)
        handed_over = True
        checkpoint("accepted", mail.id)
        _mark_sent(mail.id, reply)
        return "sent", smtp
    except LeaseLost:
        _drop(smtp)
        return "failed", None
    except smtplib.SMTPDataError as err:
        # A reply to "." (or to DATA) that refuses: the server kept nothing.
        status = _fail(mail.id, token, f"{err.smtp_code} {err.smtp_error!r}", now,
                       permanent=err.smtp_code >= 500)
        return _outcome(status), smtp
    except smtplib.SMTPResponseException as err:
        status = _fail(mail.id, token, f"{err.smtp_code} {err.smtp_error!r}", now,
                       permanent=err.smtp_code >= 500)
        _drop(smtp)
        return _outcome(status), None
    except smtplib.SMTPRecipientsRefused as err:
        code = next(iter(err.recipients.values()))[0]
        status = _fail(mail.id, token, f"recipient refused: {err.recipients!r}", now,
                       permanent=code >= 500)
        _drop(smtp)
        return _outcome(status), None
    except (smtplib.SMTPException, OSError) as err:
        was_handed = handed_over or _was_handed_over(mail.id)
        status = _fail(mail.id, token, f"{type(err).__name__}: {err}", now, unknown=was_handed)
        _drop(smtp)
        return ("unknown" if was_handed else _outcome(status)), None


def _was_handed_over(mail_id: int) -> bool:
    value = db.session.scalar(select(OutboxMail.handed_over_at).where(OutboxMail.id == mail_id))
    db.session.commit()
    return value is not None


def _outcome(status: str) -> str:
    return {"dead": "dead", "failed": "failed"}.get(status, "failed")


def _drop(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        smtp.close()  # mid-DATA a close (no ".") makes the server discard the message


def deliver_due(now: datetime | None = None) -> DeliveryReport:
    """Deliver every mail due now, batch by batch; with no server configured, keep them."""
    config = current_app.config
    now = now or utcnow()
    if not is_configured(config):
        return DeliveryReport(configured=False, waiting=count_due(now))
    report = DeliveryReport()
    report.unknown += recover(now)
    while True:
        token, ids = claim(now, config["MAIL_BATCH"], config["MAIL_LEASE_SECONDS"])
        if not ids:
            return report
        report.claimed += len(ids)
        _deliver_claimed(ids, token, now, report)
