"""Encryption at rest for personal data, and blind indexes to find it again.

A child's or a volunteer's ID number is stored as Fernet ciphertext (AES-128-CBC with an
HMAC, random IV): a copy of the database alone reveals nothing. Because the ciphertext is
randomised, the database cannot compare it; exact search goes through a blind index, an
HMAC of the normalised value under a separate key, stored beside it and indexed.

Keys come from the environment (settings.FIELD_ENCRYPTION_KEYS, FIELD_INDEX_KEY). To
rotate, put the new key first: new writes use it, and older rows still decrypt.
"""

import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class DecryptionError(Exception):
    """A stored value no key can open: a key is missing from FIELD_ENCRYPTION_KEYS."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def blind_index(value: str, *, purpose: str) -> str:
    """A deterministic HMAC of `value`; `purpose` keeps indexes of different kinds of data
    apart, so equal values in two tables cannot be linked by their index."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(settings.FIELD_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding ciphertext; Python sees the plaintext.

    Never filter on it (each encryption differs): filter on a blind-index column instead.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
