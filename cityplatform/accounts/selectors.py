"""Reads for accounts."""

from datetime import timedelta

from django.utils import timezone

from cityplatform.accounts.models import ApiToken, User

# Writing last_used_at on every request would turn each API read into a write.
_LAST_USED_GRANULARITY = timedelta(minutes=5)


def user_for_api_key(key: str) -> User | None:
    """The active user a bearer key belongs to, or None for unknown/revoked/expired keys."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__jurisdiction")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
