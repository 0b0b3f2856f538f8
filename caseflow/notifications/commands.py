"""`flask deliver`: the mail delivery worker (long-running, or `--once` from cron)."""

from __future__ import annotations

import signal
import time
from types import FrameType

import click

from caseflow.extensions import db
from caseflow.notifications.delivery import deliver_due


@click.command("deliver")
@click.option("--once", is_flag=True, help="Deliver what is due now and exit (for cron).")
def deliver_cli(once: bool) -> None:
    """Send the mail waiting in the outbox (retrying with backoff)."""
    from flask import current_app

    stopping = False

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True  # finish the mail in hand, then exit (systemd sends SIGTERM)

    if not once:
        signal.signal(signal.SIGTERM, _stop)
    while True:
        report = deliver_due()
        db.session.remove()
        if once or report.claimed or not report.configured:
            click.echo(str(report))
        if once or stopping:
            return
        if not report.claimed:
            time.sleep(current_app.config["MAIL_POLL_SECONDS"])
