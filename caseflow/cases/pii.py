"""Field-level protection of identity numbers: encryption at rest, a digest for matching."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _derive(info: bytes) -> bytes:
    configured = current_app.config.get("PII_KEY")
    secret = (configured or current_app.config["SECRET_KEY"]).encode("utf-8")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"caseflow-pii", info=info).derive(
        secret
    )


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"encrypt")))


def encrypt(value: str) -> str:
    """Encrypt an identity number for storage."""
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a stored identity number."""
    return _fernet().decrypt(token.encode("ascii")).decode("utf-8")


def digest(value: str) -> str:
    """Return a keyed digest that finds equal numbers without storing them in clear."""
    return hmac.new(_derive(b"digest"), value.encode("utf-8"), hashlib.sha256).hexdigest()
