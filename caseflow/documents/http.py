"""Documents over HTTP, for the pages and the API alike: sending a PDF or a .docx, and
removing a PDF written by an issue whose transaction does not commit."""

from __future__ import annotations

import io

from flask import Response, send_file

from caseflow.documents.models import Document
from caseflow.documents.services import discard_pdf, pdf_path
from caseflow.transaction import on_rollback

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def discard_on_rollback(document: Document) -> None:
    """Remove the stored PDF if the request's transaction does not commit."""
    on_rollback(lambda: discard_pdf(document))


def _filename(document: Document, ext: str) -> str:
    label = document.number or f"草稿{document.id}"
    return f"{document.title}-{label}-v{document.revision}.{ext}"


def _harden(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_pdf(document: Document) -> Response:
    """Send an issued document's stored PDF as an attachment."""
    content = io.BytesIO(pdf_path(document).read_bytes())  # small; no file handle left open
    return _harden(send_file(content, mimetype="application/pdf", as_attachment=True,
                             download_name=_filename(document, "pdf"), etag=document.sha256))


def send_docx(document: Document, content: bytes) -> Response:
    """Send a draft's .docx as an attachment."""
    return _harden(send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True,
                             download_name=_filename(document, "docx")))
