"""Headless Chromium for browser tests (Debian's /usr/bin/chromium, driven by Playwright).

Tests that use the `browser_page` fixture skip when Chromium is missing, unless
REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.

While the browser runs, ORM calls from the test's thread get a connection nobody
closes: load data in fixtures listed *before* `browser_page`, and query during the
test with `query_outside_the_browser_loop`.
"""

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import connections

T = TypeVar("T")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture
def browser_page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but not installed.")
        pytest.skip("Chromium is not installed.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # itself makes are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def query_outside_the_browser_loop(fn: Callable[[], T]) -> T:
    """Run an ORM query from a browser test and close its connection afterwards.

    While Playwright's loop runs, Django hands this thread a separate connection that
    nothing would close (and PostgreSQL then refuses to drop the test database); a
    short-lived thread of our own keeps the query's connection under control.
    """
    result: list[T] = []

    def run() -> None:
        try:
            result.append(fn())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]
