"""The calibration sweep: its grid, its objective and one real run on a tiny SQuAD file."""

import json
import subprocess
import sys

import pytest

from eval.calibrate import accuracy, grid, parse_sweep
from eval.suites import parse_settings, parse_split, setting_value
from qa import Settings


def test_parse_sweep_single_and_paired_settings():
    assert parse_sweep("min_score=0.3,0.45") == [{"min_score": 0.3}, {"min_score": 0.45}]
    assert parse_sweep("dense_weight:lexical_weight=0.6:0.4,1:0") == [
        {"dense_weight": 0.6, "lexical_weight": 0.4},
        {"dense_weight": 1.0, "lexical_weight": 0.0},
    ]
    assert parse_sweep("top_k=3,5") == [{"top_k": 3}, {"top_k": 5}]


@pytest.mark.parametrize("text", ["min_score", "min_score=", "min_scor=0.3",
                                  "dense_weight:lexical_weight=0.6", "top_k=three"])
def test_parse_sweep_rejects_malformed_sweeps(text):
    with pytest.raises(ValueError):
        parse_sweep(text)


def test_grid_is_every_combination():
    points = grid([parse_sweep("min_score=0.3,0.4"), parse_sweep("top_k=3,5,8")])
    assert len(points) == 6
    assert {"min_score": 0.4, "top_k": 8} in points


def test_accuracy_counts_right_citations_and_right_abstentions():
    summary = {"questions": 10, "answerable": 6, "unanswerable": 4, "cite@1": 0.5,
               "abstain_unanswerable": 0.25}
    assert accuracy(summary) == pytest.approx((3 + 1) / 10)
    assert accuracy({**summary, "cite@1": None}) == pytest.approx(0.1)


def test_settings_from_the_command_line():
    settings = parse_settings(["min_score=0.42", "top_k=7", "retrieval=dense"])
    assert (settings.min_score, settings.top_k, settings.retrieval) == (0.42, 7, "dense")
    assert parse_settings([]) == Settings()
    with pytest.raises(ValueError, match="unknown setting"):
        parse_settings(["nonsense=1"])
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_settings(["min_score"])


def test_boolean_settings_are_parsed_as_words():
    flags = [name for name in Settings.__dataclass_fields__
             if isinstance(getattr(Settings(), name), bool)]
    for name in flags:
        assert setting_value(name, "false") is False
        assert setting_value(name, "True") is True
        with pytest.raises(ValueError, match="true or false"):
            setting_value(name, "maybe")


def test_parse_split():
    assert parse_split("held-out=10:18") == ("held-out", "10:18")
    with pytest.raises(ValueError, match="NAME=A:B"):
        parse_split("10:18")


def test_a_real_sweep_on_a_tiny_squad_file(tiny_squad, tmp_path, cache_dir, engine):
    # A fresh process (it sets up logging and the cache folder for itself); ``engine`` has
    # already prepared the model files in ``cache_dir``.
    out = tmp_path / "calibration.json"
    result = subprocess.run(
        [sys.executable, "-m", "eval.calibrate", "--squad", str(tiny_squad), "--articles", "0:1",
         "--sweep", "min_score=0.0,0.99", "--cache-dir", str(cache_dir), "--json", str(out)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "recommended" in result.stdout and "min_score" in result.stdout
    assert "[1/1] Tiny Bridge" in result.stderr
    report = json.loads(out.read_text("utf-8"))
    assert [r["settings"] for r in report["results"]] == [{"min_score": 0.0},
                                                         {"min_score": 0.99}]
    assert all(r["summary"]["questions"] == 3 for r in report["results"])
    assert report["recommended"] in [r["settings"] for r in report["results"]]
