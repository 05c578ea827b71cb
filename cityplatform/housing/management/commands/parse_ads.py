"""Print the ads of a text file (or stdin) as JSON Lines: the contract of issue 3."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityplatform.housing.adparse import parse_text


class Command(BaseCommand):
    help = (
        "Parse second-hand-home ads (UTF-8 text, one or more ads per line, separated by "
        "tabs) and print one JSON object per ad. PATH '-' reads standard input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH", help="text file of ads, or '-' for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["path"]
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            text = data.decode("utf-8-sig")  # a leading byte-order mark is no ad
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text (byte {exc.start}).") from exc
        # An ad that cannot be read still gets its line, with its errors: exit status 0.
        for ad in parse_text(text):
            self.stdout.write(json.dumps(ad.to_json_dict(), ensure_ascii=False))
