"""``article-qa serve`` as a person runs it: the URL is printed, mistakes are one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
import time

RUN_CLI = "import sys; from qa.cli import main; sys.exit(main(sys.argv[1:]))"


def run(*args, env=None, code=RUN_CLI):
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_serve_prints_its_url_after_loading_the_index(server):
    for _ in range(40):  # the line is printed just after the server starts answering
        if "chat at" in server.log.read_text():
            break
        time.sleep(0.25)
    output = server.log.read_text()
    assert f"article-qa: chat at http://127.0.0.1:{server.port}/" in output
    assert "index ready" in output
    assert "Traceback" not in output


def test_a_busy_port_from_the_environment_is_one_line(server):
    result = run("serve", env={"ARTICLE_QA_PORT": str(server.port)})
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{server.port}: the port is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_port_variable_is_one_line():
    result = run("serve", env={"ARTICLE_QA_PORT": "http"})
    assert result.returncode == 2
    assert result.stderr.strip() == "article-qa: error: ARTICLE_QA_PORT must be a port number, got 'http'"


def test_without_gradio_serve_says_what_to_install():
    # ``sys.modules["gradio"] = None`` makes ``import gradio`` fail as if it were not installed.
    hide_gradio = "import sys; sys.modules['gradio'] = None; " + RUN_CLI
    result = run("serve", code=hide_gradio)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "article-qa: error: the chat UI needs gradio: pip install 'article-qa[ui]'"
    ]


def test_other_commands_do_not_import_gradio():
    code = "import sys; from qa.cli import build_parser; build_parser(); print('gradio' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
