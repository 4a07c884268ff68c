"""The answerability reader: a cross-encoder that reads a question and a sentence together."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from index.errors import ModelUnavailableError

MAX_LENGTH = 96
MODEL_FILE = "reader-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"


class Reader:
    """Whether sentences answer a question, from the fine-tuned MiniLM cross-encoder.

    Runs on ONNX Runtime with the ``tokenizers`` library: no torch at question time.

    Example:
        >>> reader = Reader.bundled()
        >>> reader.probabilities("Who won?", ["Smith won the race.", "It rained."])
    """

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @classmethod
    def bundled(cls) -> Reader:
        """The reader shipped in ``qa/data/reader``."""
        return cls(Path(str(resources.files("qa") / "data" / "reader")))

    def answer_probability(self, question: str, sentences: Sequence[str]) -> float:
        """Probability that one of ``sentences`` answers ``question``.

        The reader was trained to choose among a shortlist's sentences and "no answer"
        (logit 0), so this is 1 - P(no answer) of that softmax.
        """
        odds = float(np.exp(self.logits(question, sentences)).sum())
        return odds / (1.0 + odds)

    def probabilities(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        """One probability in [0, 1] per sentence: that it, rather than nothing, answers."""
        return 1.0 / (1.0 + np.exp(-self.logits(question, sentences)))

    def logits(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        """The model's score of each sentence against "no answer" at 0."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        session, tokenizer = self._load()
        # Pairs run one at a time: int8 activations are quantised per call, so batching would
        # make a sentence's score depend on the sentences scored beside it.
        logits = np.empty(len(sentences), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            encoding = tokenizer.encode(question, sentence)
            feeds = {
                "input_ids": np.array([encoding.ids], dtype=np.int64),
                "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            }
            logits[i] = session.run(["logits"], feeds)[0].reshape(-1)[0]
        return logits

    def _load(self):
        with self._lock:
            if self._session is None:
                model = self._directory / MODEL_FILE
                tokenizer_file = self._directory / TOKENIZER_FILE
                if not model.is_file() or not tokenizer_file.is_file():
                    raise ModelUnavailableError(f"the reader model is missing from {self._directory}")
                import onnxruntime
                from tokenizers import Tokenizer

                options = onnxruntime.SessionOptions()
                # One question scores a handful of short pairs: threads cost more than they save.
                options.intra_op_num_threads = 1
                self._session = onnxruntime.InferenceSession(
                    str(model), options, providers=["CPUExecutionProvider"]
                )
                tokenizer = Tokenizer.from_file(str(tokenizer_file))
                tokenizer.enable_truncation(max_length=MAX_LENGTH)
                self._tokenizer = tokenizer
            return self._session, self._tokenizer
