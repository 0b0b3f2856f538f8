"""Identity-number keys: a keyring of their own, rotation, refusing to start, legacy data."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask
from flask.globals import _cv_app
from sqlalchemy import func, select, update

from caseflow import create_app
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Party
from caseflow.extensions import db
from tests.conftest import TEST_PII_KEY, _base_config
from tests.factories import intake_payload, open_case_via_api

FULL_ID = "11010519491231002X"
NEW_KEY = "bmV3LWNhc2VmbG93LXBpaS1rZXktZm9yLXJvdGF0aW8="  # b"new-caseflow-pii-key-for-rotatio"


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == action))


def _stored(case: dict) -> Party:  # type: ignore[type-arg]
    return db.session.get(Party, case["respondents"][0]["id"])


@pytest.fixture
def other_app(app: Flask, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make another app (another process, another configuration) on the same database."""
    made: list[Flask] = []

    def _make(**config: object) -> Flask:
        settings = _base_config(app.config["DATABASE_URL"], tmp_path)
        settings.update(config)
        made.append(create_app(settings))
        return made[-1]

    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def _invoke(other: Flask, *args: str):  # type: ignore[no-untyped-def]
    """Run a command of `other` (the CLI would reuse the test's own app context otherwise)."""
    outer = _cv_app.get(None)
    if outer is not None:
        outer.pop()
    try:
        with other.app_context():  # as `flask --app caseflow` does
            return other.test_cli_runner().invoke(args=list(args))
    finally:
        if outer is not None:
            outer.push()


def _legacy_token(secret: str, value: str) -> str:
    """Encrypt as CaseFlow did before the keyring: a key derived from SECRET_KEY by HKDF."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"caseflow-pii",
               info=b"encrypt").derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(raw)).encrypt(value.encode()).decode("ascii")


def _store(party_id: int, token: str) -> None:
    db.session.execute(update(Party).where(Party.id == party_id).values(id_number_enc=token))
    db.session.commit()


# -- item 1: a ciphertext the key cannot decrypt is a clear 409, never a 500 -------------------

def test_reveal_through_the_api_with_a_foreign_ciphertext_is_409_logged_and_unaudited(
        client, api, caplog):
    case = open_case_via_api(client, api("370982001-officer"))
    party_id = case["respondents"][0]["id"]
    _store(party_id, Fernet(Fernet.generate_key()).encrypt(FULL_ID.encode()).decode())
    headers = api("370982-supervisor")
    with caplog.at_level(logging.ERROR):
        r = client.get(f"/api/v1/cases/{case['id']}/parties/{party_id}/identity",
                       headers=headers)
    assert r.status_code == 409, r.get_data(as_text=True)[:300]
    assert r.get_json()["error"]["code"] == "pii_key_mismatch"
    assert "密钥" in r.get_json()["error"]["message"]
    assert any("cannot be decrypted" in rec.getMessage() and str(party_id) in rec.getMessage()
               for rec in caplog.records)
    assert _events("identity_revealed") == 0
    english = client.get(f"/api/v1/cases/{case['id']}/parties/{party_id}/identity",
                         headers=dict(headers, **{"Accept-Language": "en"}))
    assert english.status_code == 409


def test_reveal_on_the_page_with_a_foreign_ciphertext_flashes_and_writes_nothing(
        app, client, api, login):
    case = open_case_via_api(client, api("370982001-officer"))
    party_id = case["respondents"][0]["id"]
    _store(party_id, Fernet(Fernet.generate_key()).encrypt(FULL_ID.encode()).decode())
    page = login("370982-supervisor").post(f"/cases/{case['id']}/parties/{party_id}/identity")
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "无法用当前密钥解密" in text and "alert-danger" in text and FULL_ID not in text
    assert _events("identity_revealed") == 0


# -- item 2: a key of its own, a keyring, rotation --------------------------------------------

def test_identity_numbers_are_encrypted_with_the_configured_key_not_the_secret_key(client, api):
    case = open_case_via_api(client, api("370982001-officer"))
    token = _stored(case).id_number_enc
    assert Fernet(TEST_PII_KEY.encode()).decrypt(token.encode()).decode() == FULL_ID


def test_a_second_secret_key_changes_nothing_for_identity_numbers(app, client, api, other_app):
    case = open_case_via_api(client, api("370982001-officer"))
    other = other_app(SECRET_KEY="a-different-secret-key")
    with other.app_context():
        from caseflow.cases import pii

        assert pii.decrypt(db.session.get(Party, case["respondents"][0]["id"]).id_number_enc) \
            == FULL_ID


def test_the_first_key_encrypts_and_every_key_decrypts(app, client, api, other_app):
    old = open_case_via_api(client, api("370982001-officer"))
    ring = other_app(PII_KEY=f"{NEW_KEY}, {TEST_PII_KEY}")
    with ring.app_context():
        from caseflow.cases import pii

        assert pii.decrypt(db.session.get(Party, old["respondents"][0]["id"]).id_number_enc) \
            == FULL_ID
        token = pii.encrypt(FULL_ID)
    assert Fernet(NEW_KEY.encode()).decrypt(token.encode()).decode() == FULL_ID


def test_rotate_reencrypts_everything_with_the_first_key_and_is_audited(app, client, api,
                                                                        other_app):
    headers = api("370982001-officer")
    first = open_case_via_api(client, headers)
    open_case_via_api(client, headers, confirm_duplicate=True)
    ring = other_app(PII_KEY=f"{NEW_KEY},{TEST_PII_KEY}")
    result = _invoke(ring, "pii", "rotate")
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 2 identity numbers" in result.output
    assert "2 were under an older key" in result.output
    db.session.expire_all()
    tokens = db.session.scalars(select(Party.id_number_enc)
                                .where(Party.id_number_enc.is_not(None))).all()
    assert [Fernet(NEW_KEY.encode()).decrypt(t.encode()).decode() for t in tokens] == [FULL_ID] * 2
    assert _events("pii_rotated") == 1 and verify_chain().ok
    db.session.rollback()  # end the test's read (SQLite: it holds the write lock)
    # the old key can now leave the ring: the app starts and still finds the duplicate
    fresh = other_app(PII_KEY=NEW_KEY)
    again = fresh.test_client().post("/api/v1/cases", headers=headers, json=intake_payload(
        respondents=[{"kind": "person", "name": "王五（化名）", "id_number": FULL_ID}]))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "duplicate"
    r = fresh.test_client().get(
        f"/api/v1/cases/{first['id']}/parties/{first['respondents'][0]['id']}/identity",
        headers=api("370982-supervisor"))
    assert r.status_code == 200 and r.get_json()["id_number"] == FULL_ID


def test_a_duplicate_is_found_by_identity_number_while_a_rotation_is_pending(app, client, api,
                                                                             other_app):
    headers = api("370982001-officer")
    open_case_via_api(client, headers)
    ring = other_app(PII_KEY=f"{NEW_KEY},{TEST_PII_KEY}")
    r = ring.test_client().post("/api/v1/cases", headers=headers, json=intake_payload(
        respondents=[{"kind": "person", "name": "王五（化名）", "id_number": FULL_ID}]))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "duplicate"


def test_rotate_with_a_missing_key_changes_nothing(app, client, api, tmp_path):
    case = open_case_via_api(client, api("370982001-officer"))
    stranger = Fernet(Fernet.generate_key())
    _store(case["requesters"][0]["id"], stranger.encrypt(b"370902199001011234").decode())
    before = db.session.scalars(select(Party.id_number_enc).order_by(Party.id)).all()
    events = _events("pii_rotated")
    # started with a ring that decrypts the oldest and newest stored numbers, not the middle one
    result = app.test_cli_runner().invoke(args=["pii", "rotate"])
    assert result.exit_code == 1 and "Nothing was changed" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(Party.id_number_enc).order_by(Party.id)).all() == before
    assert _events("pii_rotated") == events


# -- item 2: refusing to start ------------------------------------------------------------------

def test_the_app_refuses_to_start_when_the_keyring_cannot_decrypt_stored_numbers(
        app, client, api, other_app):
    open_case_via_api(client, api("370982001-officer"))
    with pytest.raises(SystemExit) as refused:
        other_app(PII_KEY=NEW_KEY)
    message = str(refused.value)
    assert message.startswith("CaseFlow refuses to start")
    assert "CASEFLOW_PII_KEY" in message and "pii rotate" in message
    assert "Traceback" not in message


def test_a_keyring_that_is_not_made_of_keys_is_refused_clearly(app, other_app):
    with pytest.raises(SystemExit) as refused:
        other_app(PII_KEY=f"{TEST_PII_KEY},not-a-key")
    assert "key 2 of 2 is not a Fernet key" in str(refused.value)


def test_an_empty_or_unmigrated_database_starts(app, other_app, tmp_path):
    other_app(PII_KEY=NEW_KEY)  # the fixture's database: no party yet
    blank = create_app(_base_config(f"sqlite:///{tmp_path / 'blank.db'}", tmp_path))  # no tables
    with blank.app_context():
        db.engine.dispose()


# -- item 2: data from before the keyring -------------------------------------------------------

def test_legacy_numbers_are_read_with_the_legacy_secret_and_moved_by_rotate(app, client, api,
                                                                            other_app):
    case = open_case_via_api(client, api("370982001-officer"))
    party_id = case["respondents"][0]["id"]
    _store(party_id, _legacy_token("old-secret-key", FULL_ID))
    with pytest.raises(SystemExit):
        other_app()
    legacy = other_app(PII_LEGACY_SECRET="old-secret-key")
    result = _invoke(legacy, "pii", "rotate")
    assert result.exit_code == 0 and "1 were under an older key" in result.output
    plain = other_app()  # the legacy secret is no longer needed
    r = plain.test_client().get(f"/api/v1/cases/{case['id']}/parties/{party_id}/identity",
                                headers=api("370982-supervisor"))
    assert r.status_code == 200 and r.get_json()["id_number"] == FULL_ID
