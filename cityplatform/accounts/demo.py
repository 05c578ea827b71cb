"""Demo accounts. Every demo login uses the password DEMO_PASSWORD (never in production)."""

from typing import TextIO

from cityplatform.accounts.services import user_ensure
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo data only

# (username, what they do); printed by `cityplatform demo_logins`.
LOGINS = [
    ("admin", "平台管理员 (超级用户)"),
    ("editor", "信息发布编辑 (株洲市)"),
    ("auditor", "审计员 (只看审计日志)"),
]


def load(out: TextIO) -> None:
    zhuzhou = Place.objects.get(code=ZHUZHOU)
    user_ensure(
        username="admin",
        password=DEMO_PASSWORD,
        display_name="平台管理员",
        jurisdiction=zhuzhou,
        is_staff=True,
        is_superuser=True,
    )
    user_ensure(
        username="editor",
        password=DEMO_PASSWORD,
        display_name="信息发布编辑",
        jurisdiction=zhuzhou,
        roles=["news_editor"],
        is_staff=True,
    )
    user_ensure(
        username="auditor",
        password=DEMO_PASSWORD,
        display_name="审计员",
        jurisdiction=zhuzhou,
        roles=["auditor"],
        is_staff=True,
    )
