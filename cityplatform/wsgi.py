"""WSGI entry point: `gunicorn cityplatform.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityplatform.settings")

application = get_wsgi_application()
