"""Personal data is stored as ciphertext and found again through a blind index."""

from cryptography.fernet import Fernet
from django.test import override_settings

from cityplatform.core import crypto

ID_NUMBER = "430281201001010013"


def test_round_trip_and_the_ciphertext_hides_the_value() -> None:
    token = crypto.encrypt(ID_NUMBER)
    assert ID_NUMBER not in token
    assert crypto.decrypt(token) == ID_NUMBER


def test_each_encryption_differs() -> None:
    assert crypto.encrypt(ID_NUMBER) != crypto.encrypt(ID_NUMBER)


def test_rotated_keys_still_decrypt_old_values() -> None:
    from django.conf import settings

    old_token = crypto.encrypt(ID_NUMBER)
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, *settings.FIELD_ENCRYPTION_KEYS]):
        assert crypto.decrypt(old_token) == ID_NUMBER
        fresh = crypto.encrypt(ID_NUMBER)
    # Written under the new key: without it, nothing opens it.
    try:
        crypto.decrypt(fresh)
    except crypto.DecryptionError:
        pass
    else:
        raise AssertionError("a value written under a removed key decrypted")


def test_blind_index_is_stable_and_separated_by_purpose() -> None:
    one = crypto.blind_index(ID_NUMBER, purpose="child-id")
    assert one == crypto.blind_index(ID_NUMBER, purpose="child-id")
    assert one != crypto.blind_index(ID_NUMBER, purpose="volunteer-id")
    assert ID_NUMBER not in one
    with override_settings(FIELD_INDEX_KEY="another-key"):
        assert crypto.blind_index(ID_NUMBER, purpose="child-id") != one


def test_encrypted_field_writes_ciphertext_and_reads_plaintext() -> None:
    field = crypto.EncryptedTextField()
    stored = field.get_prep_value(ID_NUMBER)
    assert ID_NUMBER not in stored
    assert field.from_db_value(stored, None, None) == ID_NUMBER
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(None) is None
