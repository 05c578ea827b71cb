from typing import Any

from django.core.management.base import BaseCommand

from cityplatform.places.services import places_load_bundled


class Command(BaseCommand):
    help = "Load or update the bundled administrative divisions of 株洲市."

    def handle(self, *args: Any, **options: Any) -> None:
        created = places_load_bundled()
        self.stdout.write(self.style.SUCCESS(f"{created} places created."))
