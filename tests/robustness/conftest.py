"""Shared checks for the robustness tests: what every answer must satisfy, whatever was asked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa import Answer

ROOT = Path(__file__).resolve().parents[2]
_MARKER = re.compile(r"\[\d+\]")


def assert_sound(answer: Answer, engine) -> None:
    """The invariants of any answer: verbatim citations, markers matching them, honest abstention."""
    assert isinstance(answer, Answer)
    assert 0.0 <= answer.confidence <= 1.0
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    rest = answer.text
    if answer.short is not None:
        # "<Short phrase> [n]. " may lead the quotes; the phrase is verbatim from quote n.
        lead = re.match(r"(.+?) \[(\d+)\]\. ", rest, re.DOTALL)
        assert lead, f"no short answer lead in {answer.text!r}"
        phrase, n = lead.group(1), int(lead.group(2))
        assert phrase[1:] == answer.short[1:] and phrase[:1] == answer.short[:1].upper()
        assert 1 <= n <= len(answer.citations) and answer.short in answer.citations[n - 1].quote
        rest = rest[lead.end() :]
    for citation in answer.citations:
        document = engine.index.documents[citation.doc_id]
        assert citation.quote
        assert document.text[citation.start : citation.end] == citation.quote
        cited = f"{citation.quote} [{citation.n}]"
        assert cited in rest, f"marker [{citation.n}] does not follow its quote"
        rest = rest.replace(cited, "", 1)
    assert not _MARKER.search(rest), f"a marker without a citation in {answer.text!r}"
    if not answer.found:
        assert answer.citations == ()
    else:
        assert answer.citations
    for hit in answer.passages:
        assert engine.index.documents[hit.doc_id].text[hit.start : hit.end] == hit.text


@pytest.fixture(scope="session")
def check():
    """``check(answer, engine)`` asserts :func:`assert_sound`."""
    return assert_sound


def run_cli(*args: str, cache_dir: Path, prelude: str = "", prefix: tuple[str, ...] = (),
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m qa`` as a person would, optionally after ``prelude`` Python code.

    ``prelude`` runs in the same interpreter before the CLI starts (e.g. to make an import
    fail as if a package were not installed).
    """
    code = (
        f"{prelude}\nimport runpy, sys\n"
        f"sys.argv = ['article-qa', '--cache-dir', {str(cache_dir)!r}, *{list(args)!r}]\n"
        "runpy.run_module('qa', run_name='__main__', alter_sys=True)\n"
    )
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def cli():
    return run_cli


def assert_one_line_error(result: subprocess.CompletedProcess, message: str) -> None:
    """Exit status 2 and a single ``article-qa: error:`` line naming the problem; no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("article-qa: error:")]
    assert len(errors) == 1, result.stderr
    assert message in errors[0], errors[0]


@pytest.fixture(scope="session")
def one_line_error():
    return assert_one_line_error
