"""Load the demo scenario into the configured database.

Every app that has a `demo` module with a `load(out)` function contributes, in
INSTALLED_APPS order (places and accounts come first). Each loader is idempotent:
it looks records up by their natural keys, so running this again changes nothing.

`load_demo housing charity` loads only those apps (after places and accounts, which
every demo builds on): tests use it so they don't pay for every app's demo.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "apps", nargs="*", metavar="APP", help="only these app labels (default: all)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = set(options["apps"])
        unknown = only - {config.label for config in apps.get_app_configs()}
        if unknown:
            raise CommandError(f"Unknown app label(s): {', '.join(sorted(unknown))}")
        if only:
            only |= {"places", "accounts"}
        for config in apps.get_app_configs():
            if not config.name.startswith("cityplatform."):
                continue
            if only and config.label not in only:
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.load(self.stdout)
            self.stdout.write(f"  {config.label}: ok")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
