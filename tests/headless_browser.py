"""A real headless Chromium for page tests: Debian's /usr/bin/chromium driven by Playwright
(never a downloaded browser). Skips with the reason when either is missing, fails under CI."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from conftest import skip_or_fail

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        skip_or_fail("chromium is not installed (apt-get install chromium chromium-driver)")
    return path


@dataclass
class PageLog:
    """What the page complained about: console errors, uncaught exceptions, network requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def chromium_page(
    profile_dir: Path, width: int = 1400, height: int = 900
) -> Iterator[tuple[object, PageLog]]:
    """(page, log) in a fresh headless Chromium with its own user-data-dir."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    log = PageLog()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile_dir),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height},
        )
        try:
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and log.errors.append(f"console: {m.text}"))
            page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
            page.on("request", lambda r: r.url.startswith("file:") or log.requests.append(r.url))
            yield page, log
        finally:
            context.close()
