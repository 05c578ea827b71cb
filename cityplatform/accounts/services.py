"""Writes for accounts: users with roles, and API tokens."""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cityplatform.accounts.models import ApiToken, User
from cityplatform.accounts.roles import get_role
from cityplatform.places.models import Place


@transaction.atomic
def user_ensure(
    *,
    username: str,
    password: str,
    display_name: str = "",
    jurisdiction: Place | None = None,
    roles: Iterable[str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user if absent, else bring roles and jurisdiction in line (demo and setup).

    An existing user's password is left alone, so re-running setup never resets it.
    """
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": display_name,
            "jurisdiction": jurisdiction,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    else:
        user.display_name = display_name or user.display_name
        user.jurisdiction = jurisdiction
        user.is_staff = is_staff
        user.is_superuser = is_superuser
        user.save(update_fields=["display_name", "jurisdiction", "is_staff", "is_superuser"])
    groups = [Group.objects.get_or_create(name=get_role(code).code)[0] for code in roles]
    user.groups.set(groups)
    return user


def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is never retrievable again."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at=expires_at,
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
