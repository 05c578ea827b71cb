"""Create draft listings (and missing communities) from ad text: the contract of issue 3."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.housing.adparse import parse_text
from cityplatform.housing.services import listing_import_from_ad
from cityplatform.housing.services.imports import default_district_get
from cityplatform.places.selectors import ZHUZHOU

# Ads are shown cut to this many characters in the report.
SHOWN_LENGTH = 40


class Command(BaseCommand):
    help = (
        "Import second-hand-home ads (UTF-8 text, one or more ads per line, separated by "
        "tabs) as draft listings. Importing the same text again creates nothing new. "
        "PATH '-' reads standard input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH", help="text file of ads, or '-' for stdin")
        parser.add_argument(
            "--default-district",
            metavar="CODE",
            default=ZHUZHOU,
            help="division code for ads that name no district (default: 株洲市 %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["path"]
        try:
            default = default_district_get(options["default_district"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text (byte {exc.start}).") from exc

        ads = parse_text(text)
        created = present = 0
        refused: list[tuple[int, str, list[str]]] = []
        # Each ad is imported in its own transaction: one bad ad never undoes the others,
        # and every ad lands in exactly one of the three counts.
        for number, ad in enumerate(ads, 1):
            listing, was_created, problems = listing_import_from_ad(
                parsed=ad, default_district=default
            )
            if listing is None:
                refused.append((number, ad.raw, problems))
            elif was_created:
                created += 1
            else:
                present += 1

        self.stdout.write(_("Ads read: %(count)d") % {"count": len(ads)})
        self.stdout.write(_("Created: %(count)d") % {"count": created})
        self.stdout.write(_("Already present: %(count)d") % {"count": present})
        self.stdout.write(_("Not imported: %(count)d") % {"count": len(refused)})
        for number, raw, problems in refused:
            shown = raw if len(raw) <= SHOWN_LENGTH else raw[:SHOWN_LENGTH] + "…"
            self.stdout.write(f"  #{number} {shown}: {' '.join(problems)}")
