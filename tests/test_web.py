"""The web page in a real headless Chromium (Debian's, driven by Playwright) against a real `entente serve`."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from live import TOKEN, Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# ids are validated (no spaces, no < > or "): the id still tries to break out of an attribute with '
PAYLOAD_ID = "gh-tg-'onmouseover=window.__xss=1;'customs"
PAYLOAD_TITLE = 'Ghana <script>window.__xss="title"</script> and Togo <img src=x onerror="window.__xss=\'title\'">'
PAYLOAD_TEXT = "\n\n".join([
    "Ghana and Togo sign customs pact",
    "Ghanaian Foreign Minister Kwabena Asante met his Togolese counterpart Komi Dzidzornu in Lome on Friday, "
    "and the two signed an agreement on joint customs checks <img src=x onerror=\"window.__xss='text'\"> "
    "at the border.",
    "Officials said <script>window.__xss='script'</script> the joint checks would start in May.",
]) + "\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium (skipped where absent, except under CI=true)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI installs it with 'make system'")
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium ('make system') for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh laptop-sized page that records script errors and CSP refusals."""
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    tab.problems = []
    tab.on("pageerror", lambda exc: tab.problems.append(f"pageerror: {exc}"))
    tab.on("console", lambda msg: tab.problems.append(msg.text) if msg.type == "error" else None)
    tab.on("response", lambda r: tab.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield tab
    context.close()


def hanoi_meeting(server: Server) -> dict[str, Any]:
    """The seeds' Hanoi meeting of June 2021 that two articles report (read from the API)."""
    events = httpx.get(server.url + "/dyads/VNM/SGP/timeline", timeout=60).json()["events"]
    return next(e for e in events if e["location"] and e["location"]["name"] == "Hanoi" and len(e["sources"]) == 2)


def test_the_seed_timeline_opens_to_the_hanoi_meeting_and_its_highlighted_evidence(
        seeded_server: Server, page: Any) -> None:
    meeting = hanoi_meeting(seeded_server)
    page.goto(seeded_server.url + "/")
    page.select_option("#country-a", "VNM")
    page.select_option("#country-b", "SGP")
    page.click("#pick button[type=submit]")
    page.wait_for_selector(".event-row")
    assert page.locator(".event-row").count() == 8
    assert page.locator("#timeline .vis-item-content [data-event-id]").count() == 8  # drawn by vis-timeline
    page.locator(f'#timeline .vis-item-content [data-event-id="{meeting["event_id"]}"]').click()
    page.wait_for_selector("#detail .source")
    detail = page.locator("#detail")
    assert detail.locator(".source").count() == 2
    assert "Hanoi" in detail.locator(".place").inner_text()
    assert {"Bui Thanh Son", "Vivian Balakrishnan"} <= set(detail.locator(".people a").all_inner_texts())
    shown = detail.locator(".evidence").all_inner_texts()
    assert shown == [s["evidence"] for s in meeting["sources"]]
    for number, source in enumerate(meeting["sources"]):
        page.locator("#detail .source button").nth(number).click()
        mark = page.locator("#detail mark.current")
        mark.wait_for()
        assert mark.inner_text() == source["evidence"]
        assert mark.is_visible() and in_view(page, mark)
        page.click("#detail .back")
        page.wait_for_selector("#detail .source")
    assert page.problems == []


def in_view(page: Any, locator: Any) -> bool:
    """True when the element's top is inside the window."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_an_actor_page_shows_offices_over_time(seeded_server: Server, page: Any) -> None:
    page.goto(seeded_server.url + "/")
    page.wait_for_selector("#actor-names option", state="attached")
    page.fill("#actor-name", "Bui Thanh Son")
    page.click("#pick-actor button[type=submit]")
    page.wait_for_selector(".offices tbody tr")
    assert page.locator("h1").inner_text() == "Bui Thanh Son"
    offices = page.locator(".offices tbody tr td:first-child").all_inner_texts()
    assert "Minister for Foreign Affairs" in offices and len(offices) >= 2
    assert page.locator("#timeline .vis-item.vis-range.office").count() == len(offices)
    page.goto(f"{seeded_server.url}/#dyad=VNM-SGP&event={hanoi_meeting(seeded_server)['event_id']}")
    page.locator("#detail .people a", has_text="Vivian Balakrishnan").click()
    page.wait_for_selector(".offices tbody tr")
    assert page.locator("h1").inner_text() == "Vivian Balakrishnan" and page.locator(".event-row").count() == 7
    assert page.problems == []


def test_search_shows_highlighted_snippets_that_open_the_article(seeded_server: Server, page: Any) -> None:
    page.goto(seeded_server.url + "/")
    page.fill("#search-q", "vaccine")
    page.press("#search-q", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit").count() >= 1
    assert page.locator(".snippet b").first.inner_text().lower().startswith("vaccin")
    page.locator(".hit").first.click()
    page.wait_for_selector("#detail .article-text")
    assert "vaccine" in page.locator("#detail .article-text").inner_text()
    assert page.problems == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_page_fits_the_screen(seeded_server: Server, browser: Any, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    meeting = hanoi_meeting(seeded_server)
    for fragment in ("#dyad=VNM-SGP", f"#dyad=VNM-SGP&event={meeting['event_id']}", "#actor=vivian-balakrishnan"):
        tab.goto("about:blank")  # a fresh load each time, not a change of the address's fragment
        tab.goto(f"{seeded_server.url}/{fragment}")
        tab.wait_for_selector("#timeline .vis-item-content")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{fragment}: {overflow}px wider than a {viewport['width']}px screen"
        box = tab.locator("#timeline").bounding_box()
        assert box and box["width"] >= min(viewport["width"] * 0.85 - 40, 600) and box["height"] >= 150
    context.close()


def test_markup_in_articles_stays_inert_text(writable_server: Server, page: Any) -> None:
    posted = httpx.post(writable_server.url + "/documents", timeout=300, headers={"Authorization": f"Bearer {TOKEN}"},
                        json=[{"id": PAYLOAD_ID, "title": PAYLOAD_TITLE, "published": "2024-04-05",
                               "text": PAYLOAD_TEXT}])
    assert posted.status_code == 200, posted.text
    page.goto(writable_server.url + "/#dyad=GHA-TGO")
    page.wait_for_selector(".event-row")
    page.locator(".event-row", has_text="2024-04-05").click()
    page.wait_for_selector("#detail .source")
    assert PAYLOAD_TITLE in page.locator("#detail .source strong").all_inner_texts()
    assert "onerror=" in page.locator("#detail .evidence").first.inner_text()
    page.locator("#detail .source button").first.click()
    page.wait_for_selector("#detail mark.current")
    assert page.locator("#detail .article-title").inner_text() == PAYLOAD_TITLE
    assert "<script>window.__xss='script'</script>" in page.locator("#detail .article-text").inner_text()
    assert "onerror=" in page.locator("#detail mark.current").inner_text()
    page.goto(writable_server.url + "/#q=customs")
    page.wait_for_selector(".hit")
    assert any("<img src=x onerror=" in t for t in page.locator(".snippet").all_inner_texts())
    injected = "document.querySelectorAll('main img, main script, main [onerror], main [onmouseover]').length"
    assert page.evaluate(injected) == 0
    assert page.evaluate("window.__xss") is None
    assert page.problems == []  # nothing ran, and nothing even needed the CSP to stop it
