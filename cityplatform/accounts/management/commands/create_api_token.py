from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityplatform.accounts.models import User
from cityplatform.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {options['username']!r}.") from exc
        _, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(key)
