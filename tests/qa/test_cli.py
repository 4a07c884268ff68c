"""The command line, run as a person runs it: a fresh process, one clear line on errors."""

import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def run(cache_dir, engine):
    # ``engine`` has already saved the default index into ``cache_dir``.
    def run(*args, cwd=None):
        return subprocess.run(
            [sys.executable, "-m", "qa", "--cache-dir", str(cache_dir), *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=300,
        )

    return run


def test_ask_prints_answer_and_citations_from_any_directory(run, tmp_path):
    result = run("ask", "What did Maloof warn?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout
    assert '[1] "The whole endeavor' in result.stdout
    assert "building index" not in result.stderr  # the saved index was reused


def test_ask_loads_no_plugin_and_help_lists_them(cache_dir):
    # A one-shot question pays for no eval or ui import; help still shows their commands.
    code = ("import sys; from qa.cli import main; "
            f"main(['--cache-dir', {str(cache_dir)!r}, '-q', 'ask', 'What did Maloof warn?']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'eval', 'ui'}))")
    asked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert asked.stdout.strip().splitlines()[-1] == "[]", asked.stderr
    helped = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True,
                            timeout=300)
    assert all(command in helped.stdout for command in ("ask", "bench", "eval", "serve"))


def test_ask_json_is_the_answer(run):
    result = run("-q", "ask", "--json", "What is the capital of France?")
    data = json.loads(result.stdout)
    assert data["found"] is False and data["citations"] == []
    assert {"text", "start", "end", "score"} <= set(data["passages"][0])


def test_ask_with_the_reader_reports_the_readers_confidence(run, engine):
    question = "Where did the airstrike take place?"
    result = run("-q", "ask", "--reader", "--json", question)
    assert result.returncode == 0, result.stderr
    confidence = json.loads(result.stdout)["confidence"]
    reading = engine.with_settings(reader=True).ask(question).confidence
    assert confidence == pytest.approx(reading, abs=1e-6)
    assert confidence != pytest.approx(engine.ask(question).confidence, abs=1e-3)


@pytest.mark.parametrize(
    "args, message",
    [
        (["ask", "   "], "question is empty"),
        (["ask", "Who?", "--article", "/no/such/article.txt"], "article not found"),
    ],
)
def test_errors_are_one_line_without_traceback(run, args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_article_is_reported(run, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00binary")
    result = run("ask", "Who?", "--article", str(binary))
    assert result.returncode == 2 and "binary file" in result.stderr


def test_index_command_reports_what_it_built(run, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Council approves new bridge\n\nThe city council approved a new bridge on Tuesday, "
        "officials said. Work will start in May, the mayor said.\n",
        "utf-8",
    )
    result = run("index", "--article", str(article))
    assert result.returncode == 0, result.stderr
    assert "1 article(s)" in result.stdout
    assert "embedding" in result.stderr


def test_a_postgresql_store_is_chosen_by_flag_and_shared(run, postgres_url, tmp_path):
    assert run("--store", postgres_url, "-q", "index").returncode == 0
    result = run("--store", postgres_url, "ask", "What did Maloof warn?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout


@pytest.mark.parametrize("command", [["ask", "Who?"], ["index"], ["api", "--port", "18741", "--workers", "2"]])
def test_an_unreachable_store_is_one_line(run, command):
    result = run("--store", "postgresql://nobody:secret@127.0.0.1:1/none", *command)
    assert result.returncode == 2 and result.stderr.startswith("article-qa: error: cannot connect to postgresql://nobody:***@")
    assert len(result.stderr.strip().splitlines()) == 1 and "secret" not in result.stderr
    assert "API at" not in result.stdout


def test_ray_ingestion_needs_a_postgresql_store(run, tmp_path):
    result = run("--store", str(tmp_path), "index", "--ray")
    assert result.returncode == 2 and "--ray writes to a shared store" in result.stderr
