"""``python -m eval`` and ``article-qa eval`` run as a person runs them: a fresh process."""

import json
import subprocess
import sys

import pytest

@pytest.fixture(scope="module")
def run(cache_dir, engine):
    # ``engine`` has already saved the default index into ``cache_dir``.
    def run(*args, module="eval"):
        return subprocess.run([sys.executable, "-m", module, "--cache-dir", str(cache_dir), *args],
                              capture_output=True, text=True, timeout=600)

    return run


def test_python_m_eval_prints_the_table_and_writes_json_and_plot(run, tmp_path):
    out, png = tmp_path / "report.json", tmp_path / "report.png"
    result = run("--limit", "6", "--baseline", "--json", str(out), "--plot", str(png))
    assert result.returncode == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "product" in line)
    assert header.split() == ["product", "bm25", "dense", "naive"]
    for label in ("hit@5", "contains gold", "unsupported (must be 0)", "SQuAD 2.0 F1",
                  "median ms", "by kind: product"):
        assert label in result.stdout
    assert "6 questions" in result.stdout
    report = json.loads(out.read_text("utf-8"))
    assert report["summary"]["product"]["all"]["questions"] == 6
    assert len(report["rows"]) == 4 * 6
    row = report["rows"][0]
    assert {"answer", "citations", "scores", "latency_ms", "error"} <= set(row)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_article_qa_eval_is_the_same_command(run, tmp_path):
    result = run("-q", "eval", "--limit", "2", module="qa")
    assert result.returncode == 0, result.stderr
    assert "2 questions" in result.stdout and "by kind: product" in result.stdout


def test_squad_file_runs_one_engine_per_article(run, tiny_squad, tmp_path):
    squad = tiny_squad
    out = tmp_path / "squad-report.json"
    result = run("--squad", str(squad), "--fresh-index", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "[1/1] Tiny Bridge: 2 paragraphs" in result.stderr  # progress goes to stderr
    report = json.loads(out.read_text("utf-8"))
    assert set(report["summary"]["product"]["by_kind"]) == {"answerable", "unanswerable"}
    assert report["articles"][0]["paragraphs_not_indexed"] == []
    assert report["summary"]["product"]["all"]["unsupported"] == 0


@pytest.mark.parametrize(("args", "message"), [
    (("--squad", "/nonexistent/squad.json"), "squad.json"),
    (("--set", "min_scor=0.3"), "min_score"),
    (("--set", "min_score=high"), "not a float"),
    (("--limit", "0"), "--limit"),
])
def test_bad_arguments_are_one_clear_line(run, args, message):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_chat_forms_ask_each_question_as_typed_in_a_chat(run, tmp_path):
    out = tmp_path / "forms.json"
    result = run("--limit", "3", "--chat-forms", "--json", str(out))
    assert result.returncode == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "product" in line)
    assert header.split() == ["product", "chat-lowercase", "chat-request", "chat-typo"]
    report = json.loads(out.read_text("utf-8"))
    assert {r["system"] for r in report["rows"]} == {
        "product", "chat-lowercase", "chat-request", "chat-typo"}
