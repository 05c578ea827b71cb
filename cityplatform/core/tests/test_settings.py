"""Production settings: checked in a fresh process with production variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789abcdef",
    "ALLOWED_HOSTS": "city.example.cn",
    "FIELD_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
    "FIELD_INDEX_KEY": "a-long-random-production-blind-index-key",
    "DATABASE_URL": "sqlite:////tmp/cityplatform-deploy-check.sqlite3",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Drop what the test settings put into this process's environment.
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "SECURE_SSL",
        "ALLOWED_HOSTS",
        "VAR_DIR",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_INDEX_KEY",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env, DJANGO_SETTINGS_MODULE="cityplatform.settings")
    return subprocess.run(
        [sys.executable, "-m", "cityplatform.manage", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_variables() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_defaults_are_safe() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))"
    )
    result = run_manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-5:] == ["False", "True", "True", "True", "True"], result.stderr


def test_missing_secret_key_without_debug_is_refused() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_missing_field_encryption_keys_without_debug_are_refused() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_content_security_policy_header(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
