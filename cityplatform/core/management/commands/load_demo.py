"""Load the demo scenario into the configured database.

Every app that has a `demo` module with a `load(out)` function contributes, in
INSTALLED_APPS order (places and accounts come first). Each loader is idempotent:
it looks records up by their natural keys, so running this again changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("cityplatform."):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(f"  {config.label}: ok")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
