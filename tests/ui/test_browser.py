"""The chat page in a real browser: Debian's chromium driven by Playwright (headless)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# The README's screenshot; refreshed only on request, so a test run leaves the tree clean.
README_SCREENSHOT = ROOT / "docs" / "chat.png"
ANSWER_TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    pytest.skip(
        f"Debian's chromium is not installed at {CHROMIUM}; `make test` installs it "
        "(apt-get install chromium)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A fresh page (a fresh chat session) with every JavaScript dialog recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.goto(server.url, wait_until="domcontentloaded")
    expect(question_box(page)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    yield page
    context.close()


def question_box(page: Page):
    return page.get_by_placeholder("Ask about the article")


def ask(page: Page, question: str):
    """Type ``question``, send it, and return the bot message that answers it."""
    replies = page.get_by_test_id("bot")
    before = replies.count()
    question_box(page).fill(question)
    question_box(page).press("Enter")
    expect(replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    return replies.last


def test_answer_shows_marker_sources_and_highlighted_sentence(page):
    reply = ask(page, "What did Maloof warn?")
    expect(reply).to_contain_text("might still flop")
    marker = reply.locator("a.aqa-marker", has_text="[1]")
    expect(marker).to_be_visible()
    quote = "The whole endeavor to try and expel US troops from Iraq might still flop"
    expect(reply.locator(".aqa-sources blockquote").first).to_contain_text(quote)
    highlighted = page.locator(f"#aqa-article-panel mark#{marker.get_attribute('href')[1:]}")
    expect(highlighted).to_contain_text(quote)
    marker.hover()
    expect(highlighted).to_have_class(re.compile(r"\baqa-active\b"))
    page.wait_for_timeout(600)  # the article panel's smooth scroll to the cited sentence
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "chat.png"
    page.screenshot(path=str(screenshot))
    if os.environ.get("ARTICLE_QA_UPDATE_SCREENSHOT"):
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshot, README_SCREENSHOT)
    assert page.dialogs == []


def test_follow_up_uses_the_earlier_question(page):
    first = ask(page, "Who is Andre Vltchek?")
    expect(first).to_contain_text("Andre Vltchek")
    reply = ask(page, "What did he say about the US Army?")
    # The pronoun was resolved from the conversation, and the answer quotes Vltchek on it.
    expect(reply).to_contain_text("searched for: What did Andre Vltchek say about the US Army?")
    expect(reply).to_contain_text("We never saw the US Army depart")


def test_markup_in_a_question_is_shown_literally_and_never_runs(page):
    question = "<img src=x onerror=alert(1)>"
    reply = ask(page, question)
    expect(reply).to_contain_text("Not in the article")
    expect(page.get_by_test_id("user").last).to_have_text(question)
    page.wait_for_timeout(500)  # time for a (wrongly) injected image to fail and fire
    assert page.dialogs == []
    assert page.locator('#aqa-chat img[src="x"]').count() == 0


def test_example_questions_on_the_empty_chat_get_answers(page):
    example = page.locator("#aqa-chat button.example")
    expect(example.first).to_be_visible()
    question = example.first.inner_text().strip()
    assert question.endswith("?")
    example.first.click()
    reply = page.get_by_test_id("bot").last
    expect(reply).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(reply.locator("a.aqa-marker").first).to_be_visible()
    expect(page.get_by_test_id("user").last).to_have_text(question)


def test_clearing_the_chat_forgets_the_earlier_questions(page):
    ask(page, "Who is Andre Vltchek?")
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_test_id("bot")).to_have_count(0)
    reply = ask(page, "What did he say about the US Army?")
    expect(reply).not_to_contain_text("searched for")
    expect(page.locator("#aqa-article-panel mark")).not_to_have_count(0)
