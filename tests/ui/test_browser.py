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
# The README's screenshots; refreshed only on request, so a test run leaves the tree clean.
DOCS = ROOT / "docs"
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


def save_screenshot(page: Page, name: str) -> None:
    """Keep a screenshot in test-artifacts/; with ARTICLE_QA_UPDATE_SCREENSHOT=1 also in docs/."""
    page.wait_for_timeout(600)  # the article panel's smooth scroll to the cited sentence
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    if os.environ.get("ARTICLE_QA_UPDATE_SCREENSHOT"):
        shutil.copyfile(ARTIFACTS / name, DOCS / name)


def question_box(page: Page):
    return page.get_by_placeholder("Ask about the article")


def ask(page: Page, question: str):
    """Type ``question``, send it, and return the bot message that answers it."""
    replies = page.get_by_test_id("bot")
    question_box(page).fill(question)  # waits while the box is locked (an article is loading)
    before = replies.count()
    question_box(page).press("Enter")
    expect(replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    # The box is unlocked and focused again after each answer; wait for that to be over.
    expect(question_box(page)).to_be_focused(timeout=ANSWER_TIMEOUT_MS)
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
    save_screenshot(page, "chat.png")
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


BRIDGE = """Council approves new bridge over the Elm River

March 3, 2021

The city council approved a new bridge over the Elm River on Tuesday, officials said.

Work will start in May and cost about $40 million, according to the city's engineers.

The bridge will carry two lanes of traffic and a cycle path, and it should open in 2023.
"""


def open_adder(page: Page):
    adder = page.locator("#aqa-add")
    if not page.locator("#aqa-paste textarea").is_visible():
        adder.get_by_text("Add an article").click()
    expect(page.locator("#aqa-paste textarea")).to_be_visible()


def upload(page: Page, path: Path):
    open_adder(page)
    page.locator("#aqa-upload input[type=file]").set_input_files(str(path))


def status(page: Page):
    return page.locator("#aqa-status")


def choose(page: Page, label: str):
    """Pick an article in the selector by (the start of) its label."""
    box = page.locator("#aqa-selector input")
    box.click()
    page.get_by_role("option", name=re.compile("^" + re.escape(label))).click()
    expect(box).to_have_value(re.compile("^" + re.escape(label)))
    # The switch is done when its new, empty chat is shown (a new article starts a new chat).
    expect(page.get_by_test_id("bot")).to_have_count(0, timeout=ANSWER_TIMEOUT_MS)
    expect(question_box(page)).to_be_editable(timeout=ANSWER_TIMEOUT_MS)


def test_upload_switch_and_ask_about_each_article(page, tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(BRIDGE, "utf-8")
    upload(page, path)
    expect(status(page)).to_contain_text("Added: Council approves new bridge", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#aqa-selector input")).to_have_value(re.compile("^Council approves new bridge"))
    expect(page.locator("#aqa-article-panel")).to_contain_text("Elm River")
    reply = ask(page, "How much will the bridge cost?")
    expect(reply).to_contain_text("$40 million")
    expect(reply.locator(".aqa-where")).to_contain_text("bridge.txt")
    save_screenshot(page, "upload.png")

    choose(page, "Easier said than done")
    expect(page.locator("#aqa-article-panel")).to_contain_text("Maloof")
    expect(ask(page, "What did Maloof warn?")).to_contain_text("might still flop")

    choose(page, "All articles")
    reply = ask(page, "How much will the bridge cost?")
    expect(reply).to_contain_text("$40 million")
    # With several articles each source names its article, and the panel shows the cited one.
    expect(reply.locator(".aqa-where").first).to_contain_text("Council approves new bridge")
    expect(page.locator("#aqa-article-panel mark").first).to_contain_text("$40 million")
    expect(page.locator("#aqa-article-panel")).not_to_contain_text("Maloof")
    assert page.dialogs == []


def test_pasted_article_with_markup_shows_it_as_text(page):
    open_adder(page)
    markup = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    text = BRIDGE.replace("officials said.", f"officials said {markup}.")
    page.locator("#aqa-paste textarea").fill(text)
    page.locator("#aqa-title input, #aqa-title textarea").fill("<b>Bridge</b> <img src=y onerror=alert(3)>")
    page.locator("#aqa-add-text").click()
    expect(status(page)).to_contain_text("Added: <b>Bridge</b>", timeout=ANSWER_TIMEOUT_MS)
    panel = page.locator("#aqa-article-panel")
    expect(panel).to_contain_text(markup)
    expect(panel.locator(".aqa-title")).to_have_text("<b>Bridge</b> <img src=y onerror=alert(3)>")
    reply = ask(page, "When did the council approve the bridge?")
    expect(reply).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(500)  # time for a (wrongly) injected image to fail and fire
    assert page.dialogs == []
    assert page.locator('img[src="x"], img[src="y"], #aqa-article-panel script, #aqa-chat script').count() == 0


def test_a_file_name_with_markup_is_shown_as_text(page, tmp_path):
    name = "<img src=z onerror=alert(4)>.txt"
    path = tmp_path / name
    path.write_text(BRIDGE, "utf-8")
    upload(page, path)
    expect(status(page)).to_contain_text("Added", timeout=ANSWER_TIMEOUT_MS)
    reply = ask(page, "How much will the bridge cost?")
    # Gradio drops "<" and ">" from uploaded file names; the rest is shown as plain text.
    expect(reply.locator(".aqa-where")).to_contain_text("img src=z onerror=alert(4).txt")
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.locator('img[src="z"]').count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("junk.txt", b"\x00\x01\x02binary\x00" * 100, "binary"),
        ("huge.txt", b"The council met again on Tuesday, officials said.\n" * 50_000, "limit"),
        ("links.txt", b"Home | World | Sport\nhttps://example.org/\n", "no article text"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
)
def test_bad_uploads_show_an_error_and_keep_the_article(page, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    upload(page, path)
    expect(status(page).locator(".aqa-error")).to_contain_text(message, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#aqa-selector input")).to_have_value(re.compile("^Easier said than done"))
    expect(ask(page, "What did Maloof warn?")).to_contain_text("might still flop")


@pytest.fixture(scope="module")
def preloaded(cache_dir, engine, tmp_path_factory):
    """``article-qa serve --article bridge.txt --article folder/`` (the folder holds two)."""
    from eval.server import served

    root = tmp_path_factory.mktemp("preload")
    (root / "bridge.txt").write_text(BRIDGE, "utf-8")
    folder = root / "folder"
    folder.mkdir()
    (folder / "ferry.md").write_text(
        "# Ferry service ends after ninety years\n\n"
        "The last ferry across the Elm River sailed on Sunday, its captain said.\n", "utf-8"
    )
    shutil.copyfile(ROOT / "qa" / "data" / "rt-2020-01-05-iraq-us-troops.txt", folder / "rt.txt")
    with served(cache_dir, root / "server.log", [root / "bridge.txt", folder]) as app:
        yield app


def test_serve_preloads_every_article_given_into_the_selector(browser, preloaded):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.goto(preloaded.url, wait_until="domcontentloaded")
    expect(question_box(page)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#aqa-selector input")).to_have_value("All articles")
    page.locator("#aqa-selector input").click()
    labels = [o.get_attribute("aria-label") for o in page.get_by_role("option").all()]
    assert labels[0] == "Council approves new bridge over the Elm River (March 3, 2021)"
    assert labels[1] == "Ferry service ends after ninety years"
    assert labels[2].startswith("Easier said than done")
    assert labels[3:] == ["All articles"]
    page.keyboard.press("Escape")
    reply = ask(page, "When did the last ferry sail?")
    expect(reply).to_contain_text("Sunday")
    expect(reply.locator(".aqa-where").first).to_contain_text("Ferry service ends")
    context.close()
