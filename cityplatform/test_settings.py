"""Settings for the test suite: the real settings with test-only defaults.

DATABASE_URL still selects PostgreSQL, so the same suite runs on both databases.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=")
os.environ.setdefault("FIELD_INDEX_KEY", "test-only-blind-index-key")
os.environ.setdefault("SECURE_SSL", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from cityplatform.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that log in hundreds of times use a fast hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True

# Threads the tests start (the live server's, parallel-transaction tests) must not
# keep connections open past their request, or the test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Uploaded files of a test run go to a throwaway directory.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cityplatform-test-media-"))

# whitenoise warns when STATIC_ROOT does not exist; tests serve from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
