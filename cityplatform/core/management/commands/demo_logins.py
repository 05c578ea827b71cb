"""Print the demo logins every app's `demo` module declares in `LOGINS`."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from cityplatform.accounts.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "List the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账号 Demo logins (password: {DEMO_PASSWORD})"))
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.startswith("cityplatform.") or find_spec(module_name) is None:
                continue
            for username, role in getattr(import_module(module_name), "LOGINS", []):
                self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ (admin: /admin/, API docs: /api/docs)")
        self.stdout.write("")
