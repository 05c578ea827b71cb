"""The role registry.

Each app declares its roles in its own `roles.py`:

    ROLES = [Role("news_editor", _("News editor"), permissions=["news.change_article"])]

A role is a Django group of the same name holding those permissions, so the admin's
permission checks just work; `user.has_role(code)` asks for membership. What a role
may see is bounded separately by the user's jurisdiction (see `jurisdiction`).
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.utils.functional import Promise

_REGISTRY: dict[str, "Role"] = {}


@dataclass(frozen=True)
class Role:
    code: str
    label: str | Promise
    permissions: list[str] = field(default_factory=list)  # "app_label.codename"
    description: str | Promise = ""


def register(role: Role) -> None:
    existing = _REGISTRY.get(role.code)
    if existing is not None and existing != role:
        raise ValueError(f"Role {role.code!r} is registered twice with different contents.")
    _REGISTRY[role.code] = role


def all_roles() -> list[Role]:
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_role(code: str) -> Role:
    return _REGISTRY[code]


def autodiscover() -> None:
    for config in apps.get_app_configs():
        module_name = f"{config.name}.roles"
        if config.name.startswith("cityplatform.") and find_spec(module_name):
            for role in getattr(import_module(module_name), "ROLES", []):
                register(role)


def sync_roles() -> None:
    """Create a group per role and give it exactly the role's permissions."""
    from django.contrib.auth.models import Group, Permission

    for role in all_roles():
        group, _ = Group.objects.get_or_create(name=role.code)
        wanted = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def sync_roles_after_migrate(**kwargs: Any) -> None:
    # Permissions of every app exist only once all apps have migrated, and
    # post_migrate for this app may come before others': create them first.
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    sync_roles()
