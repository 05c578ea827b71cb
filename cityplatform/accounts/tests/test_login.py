from datetime import timedelta

import pytest
from django.utils import timezone

from cityplatform.accounts.models import ApiToken
from cityplatform.accounts.selectors import user_for_api_key
from cityplatform.accounts.services import api_token_create, api_token_revoke
from cityplatform.audit.models import AuditEntry
from conftest import LILING

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_by_default(client, places) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "登录" in page.content.decode()


def test_login_and_logout_are_audited(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("clerk", place=LILING)
    response = client.post("/accounts/login/", {"username": "clerk", "password": "pass-1234-word"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", actor_username="clerk").exists()
    client.post("/accounts/logout/")
    assert AuditEntry.objects.filter(action="logout", actor_username="clerk").exists()


def test_failed_login_is_audited_without_the_password(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("clerk", place=LILING)
    response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor_username == "clerk"
    assert "wrong" not in str(entry.detail)


def test_lockout_after_repeated_failures(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    make_user("clerk", place=LILING)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post("/accounts/login/", {"username": "clerk", "password": "pass-1234-word"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_api_tokens_authenticate_until_revoked_or_expired(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("clerk", place=LILING)
    token, key = api_token_create(user=user, name="test")
    assert token.key_hash != key
    assert key not in token.key_hash
    assert user_for_api_key(key) == user
    assert user_for_api_key("nonsense") is None
    api_token_revoke(token=token)
    assert user_for_api_key(key) is None
    _, expired_key = api_token_create(
        user=user, name="old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert user_for_api_key(expired_key) is None
    user.is_active = False
    user.save()
    _, inactive_key = api_token_create(user=user, name="x")
    assert user_for_api_key(inactive_key) is None
    assert ApiToken.objects.count() == 3


def test_roles_are_groups_with_permissions(make_user) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.accounts.roles import all_roles

    auditor = make_user("aud", roles=["auditor"], place=LILING)
    assert auditor.has_role("auditor")
    assert not auditor.has_role("news_editor")
    assert auditor.has_perm("audit.view_auditentry")
    assert "auditor" in {r.code for r in all_roles()}
