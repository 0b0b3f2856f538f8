"""Evidence over HTTP, for the pages and the API alike: sending a file, dropping a failed upload."""

from __future__ import annotations

from pathlib import Path

from flask import Response, send_file

from caseflow.cases.evidence import discard_file
from caseflow.cases.models import Evidence
from caseflow.transaction import on_rollback


def discard_on_rollback(evidence: Evidence) -> None:
    """Remove the stored file if the request's transaction does not commit."""
    on_rollback(lambda: discard_file(evidence))


def send_evidence(evidence: Evidence, path: Path) -> Response:
    """Send a stored file as an attachment that no browser will render or sniff."""
    response = send_file(path, mimetype=evidence.content_type, as_attachment=True,
                         download_name=evidence.filename, etag=evidence.sha256)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
