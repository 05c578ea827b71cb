"""WSGI entry point: `gunicorn cityplatform.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityplatform.settings")

application = get_wsgi_application()

# What start-up loaded (modules, models, URL patterns) lives as long as the process.
# Moving it out of the collector's generations spares every full collection from
# scanning it again: requests that build thousands of objects (matching a listing
# against its demands) otherwise pay tens of milliseconds for it (docs/decisions.md).
gc.freeze()
