"""The Gradio chat page: a chat over the article beside the article itself, and the /chat API."""

from __future__ import annotations

import os

from ui.render import (
    answer_html,
    answer_text,
    article_html,
    escape,
    example_questions,
    question_html,
)

# A missing extra is one line for the person, not a traceback (the CLI prints ImportErrors).
INSTALL_HINT = "the chat UI needs gradio: pip install 'article-qa[ui]'"
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
try:
    import gradio as gr
except ImportError as exc:  # pragma: no cover - exercised by a subprocess test
    raise ImportError(INSTALL_HINT) from exc

# Answers take about 10 ms and the embedding model's tokenizer must not be entered by two
# threads at once, so questions run one at a time; 64 waiting is minutes of traffic.
CONCURRENCY_LIMIT = 1
MAX_QUEUE_SIZE = 64

CSS = """
.aqa-article { max-height: 74vh; overflow-y: auto; position: relative; padding: 4px 14px;
  line-height: 1.6; border: 1px solid var(--border-color-primary); border-radius: 8px; }
.aqa-title { font-size: 1.2rem; margin: 0.3em 0 0.1em; }
.aqa-date { color: var(--body-text-color-subdued); font-size: 0.9em; margin-top: 0; }
mark.aqa-cite { background: #fde68a; color: #111; border-radius: 3px; padding: 0 2px;
  transition: outline-color 0.3s; outline: 2px solid transparent; }
mark.aqa-cite.aqa-active, mark.aqa-cite.aqa-flash { outline-color: #d97706; }
.aqa-cite-n, .aqa-marker { color: #b45309; font-weight: 600; }
.aqa-cite-n { margin-left: 2px; font-size: 0.75em; }
a.aqa-marker, a.aqa-source { text-decoration: none; color: inherit; }
a.aqa-marker { color: #b45309; }
.aqa-answer { margin-bottom: 0.4em; }
.aqa-error { color: var(--error-text-color, #b91c1c); }
.aqa-badge { background: #e5e7eb; color: #111; border-radius: 4px; padding: 1px 6px;
  font-weight: 600; font-size: 0.85em; }
.aqa-query, .aqa-where, .aqa-note { color: var(--body-text-color-subdued); font-size: 0.85em; }
.aqa-sources summary, .aqa-related summary { cursor: pointer; font-weight: 600; font-size: 0.9em; }
.aqa-sources ol, .aqa-related ul { margin: 0.2em 0 0; padding-left: 1.4em; }
.aqa-sources blockquote, .aqa-related blockquote { margin: 0.2em 0 0; padding: 0 0 0 0.6em;
  border-left: 3px solid #f59e0b; font-style: italic; }
.aqa-related blockquote { border-left-color: #9ca3af; color: var(--body-text-color-subdued); }
"""

# Markers and sources point at their sentence in the article panel: hovering outlines it,
# clicking scrolls the panel to it (the page itself does not move).
JS = """
() => {
  // Gradio's sanitizer keeps href but drops data-* attributes, so the target is the href.
  const linkOf = (node) => node && node.closest ? node.closest('a[href^="#aqa-cite-"]') : null;
  const markOf = (link) => link && document.getElementById(link.getAttribute('href').slice(1));
  const show = (mark) => {
    const panel = mark.closest('.aqa-article');
    if (panel) panel.scrollTo({top: mark.offsetTop - panel.clientHeight / 3, behavior: 'smooth'});
    mark.classList.remove('aqa-flash'); void mark.offsetWidth; mark.classList.add('aqa-flash');
    setTimeout(() => mark.classList.remove('aqa-flash'), 1500);
  };
  document.addEventListener('click', (event) => {
    const link = linkOf(event.target);
    if (!link) return;
    event.preventDefault();
    const mark = markOf(link);
    if (mark) show(mark);
  }, true);
  document.addEventListener('mouseover', (event) => {
    document.querySelectorAll('mark.aqa-active').forEach((m) => m.classList.remove('aqa-active'));
    const mark = markOf(linkOf(event.target));
    if (mark) mark.classList.add('aqa-active');
  });
}
"""

# After each answer the article panel scrolls to the first sentence it cites, and the question
# box (unlocked again) gets the focus back.
AFTER_ANSWER = """
() => { setTimeout(() => {
  const mark = document.querySelector('.aqa-article mark.aqa-cite[id]');
  const panel = mark && mark.closest('.aqa-article');
  if (panel) panel.scrollTo({top: mark.offsetTop - panel.clientHeight / 3, behavior: 'smooth'});
  const box = document.querySelector('#aqa-question textarea, #aqa-question input');
  if (box) box.focus();
}, 50); }
"""


def build_app(engine) -> gr.Blocks:
    """The chat page over ``engine``'s article(s); it renders what ``engine.ask`` returns.

    The same answering function is exposed as the API endpoint ``/chat``:
    ``Client(url).predict("What did Maloof warn?", api_name="/chat")`` returns the answer
    text followed by its numbered sources; pass ``history=[earlier questions]`` for follow-ups.

    Args:
        engine: An ``ArticleQA`` (its index is already built or loaded).

    Returns:
        The ``gr.Blocks`` app; start it with :func:`launch`, which adds the page's style.
    """
    documents = list(engine.index.documents.values())
    examples = example_questions(engine)
    plain_article = article_html(documents)
    limit = engine.settings.max_question_chars

    def ask(question: str, history: list[str]):
        try:
            return engine.ask(question, history)
        except ValueError as exc:  # an empty or over-long question: the reason, no traceback
            raise gr.Error(str(exc), print_exception=False) from exc

    def accept(message: str, messages: list):
        """Show the question at once, empty and lock the box (no queue: nothing to compute)."""
        message = (message or "").strip()
        if not message:
            return gr.skip(), messages, ""
        shown = [*messages, {"role": "user", "content": question_html(message)}]
        return gr.Textbox(value="", interactive=False), shown, message

    def accept_example(messages: list, event: gr.SelectData):
        return accept(event.value["text"], messages)

    def respond(question: str, messages: list, questions: list[str]):
        """Answer the accepted question with the earlier ones as history."""
        if not question:
            return messages, questions, gr.skip()
        try:
            answer = engine.ask(question, questions)
        except ValueError as exc:
            reply = f'<div class="aqa-answer aqa-error">Cannot answer: {escape(str(exc))}</div>'
            return [*messages, {"role": "assistant", "content": reply}], questions, gr.skip()
        turn = len(questions) + 1
        reply = {"role": "assistant", "content": answer_html(answer, turn)}
        article_now = article_html(documents, answer.citations, turn)
        return [*messages, reply], [*questions, question], article_now

    def chat(message: str, history: list[str] | None = None) -> str:
        """Answer a question about the article: the answer with [n] markers, then its sources.

        Args:
            message: The question.
            history: The earlier questions of the conversation, oldest first (for follow-ups
                such as "What did he say about the US Army?").
        """
        return answer_text(ask(message, list(history or [])))

    with gr.Blocks(title="article-qa") as demo:
        questions = gr.State([])  # the user's earlier questions, as typed: the history
        pending = gr.State("")  # the question being answered
        gr.HTML(
            '<div class="aqa-header"><strong>article-qa</strong>: ask about the article; '
            "every answer quotes it, with numbered sources you can check.</div>",
            js_on_load=None,
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat",
                    height="68vh",
                    examples=[{"text": question} for question in examples],
                    placeholder="Ask a question about the article, or pick an example.",
                    # The replies are HTML built from escaped text: no Markdown or LaTeX
                    # parsing of article or user text, and Gradio's sanitizer on top.
                    render_markdown=False,
                    sanitize_html=True,
                    allow_tags=False,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=[],
                    elem_id="aqa-chat",
                )
                textbox = gr.Textbox(
                    placeholder="Ask about the article (Enter to send)",
                    show_label=False,
                    max_length=limit,
                    submit_btn="Ask",
                    autofocus=True,
                    elem_id="aqa-question",
                )
            with gr.Column(scale=2):
                article = gr.HTML(plain_article, js_on_load=None, elem_id="aqa-article-panel")
        # Submitting shows the question at once and locks the box until the answer is in, so
        # that each question is answered with the history of all the ones before it.
        accepted = [textbox, chatbot, pending]
        answered = [chatbot, questions, article]
        for trigger in (
            textbox.submit(accept, [textbox, chatbot], accepted, queue=False, api_visibility="private"),
            chatbot.example_select(
                accept_example, [chatbot], accepted, queue=False, api_visibility="private"
            ),
        ):
            trigger.then(
                respond, [pending, chatbot, questions], answered, api_visibility="private"
            ).then(
                lambda: gr.Textbox(interactive=True), None, textbox, queue=False,
                api_visibility="private",
            ).then(None, js=AFTER_ANSWER)
        chatbot.clear(
            lambda: ([], plain_article), None, [questions, article], api_visibility="private"
        )
        gr.api(chat, api_name="chat")
    return demo


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860) -> str:
    """Start ``demo`` in the background with the page's style and a bounded queue.

    Returns:
        The local URL; ``demo.block_thread()`` then serves until Ctrl+C.

    Raises:
        ValueError: If the port cannot be used.
    """
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=MAX_QUEUE_SIZE)
    try:
        _, url, _ = demo.launch(
            server_name=host,
            server_port=port,
            prevent_thread_lock=True,
            quiet=True,
            ssr_mode=False,
            # System fonts: the page loads nothing from the internet.
            theme=gr.themes.Default(
                font=["ui-sans-serif", "system-ui", "sans-serif"],
                font_mono=["ui-monospace", "monospace"],
            ),
            css=CSS,
            js=JS,
        )
    except OSError as exc:
        raise ValueError(
            f"cannot serve on {host}:{port} ({exc}); choose another --port or ARTICLE_QA_PORT"
        ) from exc
    return url
