"""Field-level protection of identity numbers: encryption at rest, a digest for matching.

Identity numbers have a key of their own, never one derived from `SECRET_KEY`: `PII_KEY`
(`CASEFLOW_PII_KEY`) is a keyring of Fernet keys separated by commas. The first key encrypts,
every key decrypts (MultiFernet), so a key is rotated by putting a new one first and running
`flask pii rotate`. `PII_LEGACY_SECRET` names the secret that identity numbers stored before
the keyring existed were derived from (the old `SECRET_KEY`, or the old passphrase in
`PII_KEY`): its derived key decrypts them (never encrypts) until `pii rotate` has moved them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, current_app

from caseflow.errors import Conflict
from caseflow.i18n_markers import N_

log = logging.getLogger(__name__)
EXTENSION = "caseflow.pii"


class KeyringInvalid(ValueError):
    """The configured keyring is not a list of Fernet keys."""


class KeyMismatch(Conflict):
    """A stored identity number cannot be decrypted with the configured keyring."""

    code = "pii_key_mismatch"
    party_id: int | None = None


def new_key() -> str:
    """Return a fresh random key for the keyring."""
    return Fernet.generate_key().decode("ascii")


def _hkdf(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"caseflow-pii", info=info).derive(
        secret)


def legacy_keys(secret: str) -> tuple[Fernet, bytes]:
    """Return the encryption and digest keys CaseFlow derived from `secret` before the keyring."""
    raw = secret.encode("utf-8")
    return Fernet(base64.urlsafe_b64encode(_hkdf(raw, b"encrypt"))), _hkdf(raw, b"digest")


@dataclass(frozen=True)
class Keyring:
    """The keys in force: `fernets[0]` encrypts; `digest_keys[0]` makes the stored digest."""

    fernets: tuple[Fernet, ...]
    digest_keys: tuple[bytes, ...]

    @property
    def multi(self) -> MultiFernet:
        return MultiFernet(list(self.fernets))

    @property
    def primary(self) -> Fernet:
        return self.fernets[0]


def parse_keyring(text: str | Sequence[str] | None, legacy_secret: str | None = None) -> Keyring:
    """Build the keyring from the configured keys (and the legacy secret, decrypt-only)."""
    items = text.split(",") if isinstance(text, str) else list(text or [])
    keys = [k.strip() for k in items if k and k.strip()]
    if not keys:
        raise KeyringInvalid("CASEFLOW_PII_KEY is empty: it must hold at least one Fernet key")
    fernets, digests = [], []
    for n, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            raise KeyringInvalid(
                f"CASEFLOW_PII_KEY: key {n} of {len(keys)} is not a Fernet key (32 url-safe "
                "base64 bytes; make one with `flask --app caseflow pii new-key`)") from None
        digests.append(_hkdf(key.encode("ascii"), b"digest"))
    if legacy_secret:
        old_fernet, old_digest = legacy_keys(legacy_secret)
        fernets.append(old_fernet)
        digests.append(old_digest)
    return Keyring(tuple(fernets), tuple(digests))


def install(app: Flask) -> Keyring:
    """Parse the app's keyring once (raises KeyringInvalid) and keep it on the app."""
    keyring = parse_keyring(app.config.get("PII_KEY"), app.config.get("PII_LEGACY_SECRET"))
    app.extensions[EXTENSION] = keyring
    return keyring


def keyring() -> Keyring:
    """Return the current app's keyring."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def encrypt(value: str) -> str:
    """Encrypt an identity number for storage, with the first key of the ring."""
    return keyring().primary.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str, *, party_id: int | None = None) -> str:
    """Decrypt a stored identity number; 409 `pii_key_mismatch` (and a log line) if no key fits."""
    try:
        return keyring().multi.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        log.error("identity number of party %s cannot be decrypted with the configured keyring "
                  "(CASEFLOW_PII_KEY): the key it was encrypted with is missing", party_id)
        error = KeyMismatch(N_("该身份证号无法用当前密钥解密，请联系系统管理员检查身份信息密钥配置。"))
        error.party_id = party_id
        raise error from None


def _opens(fernet: Fernet | MultiFernet, token: str) -> bool:
    try:
        fernet.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def can_decrypt(token: str) -> bool:
    """Tell whether some key of the ring decrypts this stored value."""
    return _opens(keyring().multi, token)


def is_current(token: str) -> bool:
    """Tell whether this stored value is encrypted with the first key of the ring."""
    return _opens(keyring().primary, token)


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def digest(value: str) -> str:
    """Return the keyed digest stored to find equal numbers without keeping them in clear."""
    return _hmac(keyring().digest_keys[0], value)


def digests(value: str) -> list[str]:
    """Return the digest of the value under every key of the ring (matching during rotation)."""
    return [_hmac(key, value) for key in keyring().digest_keys]


def _refusal(party_id: int) -> str:
    return (
        "CaseFlow refuses to start: the identity-number keyring (CASEFLOW_PII_KEY) cannot "
        f"decrypt the identity numbers already stored (party {party_id}).\n"
        "  - If the key was changed, put the old key back in the ring after the new one "
        "(comma-separated) and run `flask --app caseflow pii rotate`.\n"
        "  - If the numbers were stored before CASEFLOW_PII_KEY existed, set "
        "CASEFLOW_PII_LEGACY_SECRET to the SECRET_KEY (or old PII_KEY) they were encrypted "
        "under, then run `flask --app caseflow pii rotate` (README: Identity-number keys).")


def _stored_samples() -> list[tuple[int, str]]:
    from sqlalchemy import inspect, select

    from caseflow.cases.models import Party
    from caseflow.extensions import db

    if not inspect(db.engine).has_table(Party.__tablename__):
        return []  # before the first migration: nothing stored yet
    stored = select(Party.id, Party.id_number_enc).where(Party.id_number_enc.is_not(None))
    rows = [db.session.execute(stored.order_by(order).limit(1)).first()
            for order in (Party.id.asc(), Party.id.desc())]
    return [(r[0], r[1]) for r in rows if r is not None]


def check_stored(app: Flask) -> None:
    """Refuse to start when the keyring cannot decrypt the oldest or newest stored number.

    Skipped (with a log line) when the database cannot be reached: the first request will say so.
    """
    from sqlalchemy.exc import DBAPIError

    from caseflow.config import StartupRefused
    from caseflow.database import WRITE_INTENT
    from caseflow.extensions import db

    with app.app_context():
        intent = WRITE_INTENT.set(False)
        try:
            samples = _stored_samples()
        except DBAPIError as err:
            log.warning("identity-number keyring not checked: database unreachable (%s)",
                        type(err).__name__)
            return
        finally:
            WRITE_INTENT.reset(intent)
            db.session.remove()
            db.engine.dispose()  # no connection opened here outlives start-up (forking servers)
        for party_id, token in samples:
            if not can_decrypt(token):
                raise StartupRefused(_refusal(party_id))


@dataclass(frozen=True)
class Rotation:
    """What `rotate_stored` did."""

    total: int
    from_older_key: int
    digests_changed: int


def rotate_stored() -> Rotation:
    """Re-encrypt every stored identity number with the first key and renew its digest, audited.

    One transaction: the caller (the CLI) commits. A number no key decrypts stops the whole
    rotation with 409 `pii_key_mismatch` before anything is written.
    """
    from sqlalchemy import select

    from caseflow.audit import services as audit
    from caseflow.cases.models import Party
    from caseflow.extensions import db

    ring = keyring()
    total = older = renewed = 0
    parties = db.session.scalars(select(Party).where(Party.id_number_enc.is_not(None))
                                 .order_by(Party.id))
    for party in parties:
        number = decrypt(party.id_number_enc, party_id=party.id)  # type: ignore[arg-type]
        total += 1
        older += not is_current(party.id_number_enc)  # type: ignore[arg-type]
        party.id_number_enc = ring.primary.encrypt(number.encode("utf-8")).decode("ascii")
        fresh = digest(number)
        if party.id_number_digest != fresh:
            party.id_number_digest, renewed = fresh, renewed + 1
    audit.record("pii_rotated", actor_name="system",
                 data={"identity_numbers": total, "from_older_key": older,
                       "digests_renewed": renewed, "keys_in_ring": len(ring.fernets)})
    db.session.flush()
    return Rotation(total, older, renewed)
