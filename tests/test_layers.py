"""Dependencies point one way: ui -> qa -> index, and eval uses only the public qa API."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "index": {"qa", "ui", "eval"},
    "qa": {"ui", "eval"},
    "ui": {"eval", "index"},
    "eval": {"ui", "index"},
}


# index/ from the bottom up: a module imports only modules of earlier layers, so there is no
# cycle, not even one hidden in a function-level import.
INDEX_LAYERS = (
    ("errors", "files", "heap", "paths", "pg_schema", "types"),  # no index imports
    ("model", "nlp"),  # the embedding model and the NLP pipeline, where they live, how they load
    ("embed",),  # the Embedder protocol
    ("onnx_embed", "st_embed"),  # its implementations
    ("fast_embed",),  # the engine's pairing of the two
    ("embedder_choice",),  # which embedder an engine gets
    ("clean",),  # an article's body, and where its sentences go on over a break
    ("chunk", "dense", "hybrid", "records", "sparse", "vector_rows"),  # text and search primitives
    ("html", "pdf", "vector_cache"),
    ("embed_annotate",),  # a corpus's vectors and annotations, side by side
    ("article_index", "read"),
    ("jsonl",),
    ("store", "store_protocol"),  # the FAISS + BM25 files; what every store offers
    ("file_store", "pg_store"),  # the two stores
    ("ray_ingest", "store_choice"),  # ingestion on Ray; which store a location names
)
# Everything above these in index/ sees embedders through the protocol only.
EMBEDDER_IMPLEMENTATIONS = {"embedder_choice", "fast_embed", "onnx_embed", "st_embed"}


def imported_modules(path: Path) -> set[str]:
    """Absolute dotted names of every module ``path`` imports, at any depth in its code."""
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def imported_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def index_imports(module: str) -> set[str]:
    """The index/ modules that index/<module>.py imports."""
    names = imported_modules(ROOT / "index" / f"{module}.py")
    return {name.split(".")[1] for name in names if name.startswith("index.")}


def index_modules() -> set[str]:
    return {path.stem for path in (ROOT / "index").glob("*.py")} - {"__init__"}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_backward_imports(package):
    for path in (ROOT / package).rglob("*.py"):
        backward = imported_packages(path) & FORBIDDEN[package]
        assert not backward, f"{path.relative_to(ROOT)} imports {sorted(backward)}"


def test_eval_imports_qa_only_at_its_top_level():
    for path in (ROOT / "eval").rglob("*.py"):
        assert not {"index"} & imported_packages(path)


def test_every_index_module_has_a_layer():
    layered = [module for layer in INDEX_LAYERS for module in layer]
    assert len(layered) == len(set(layered))
    assert set(layered) == index_modules()


@pytest.mark.parametrize("module", sorted(index_modules()))
def test_index_modules_import_only_lower_layers(module):
    rank = {name: level for level, layer in enumerate(INDEX_LAYERS) for name in layer}
    upward = {name for name in index_imports(module) if rank.get(name, len(INDEX_LAYERS)) >= rank[module]}
    assert not upward, f"index/{module}.py imports {sorted(upward)} of its own or a higher layer"


@pytest.mark.parametrize("module", sorted(index_modules() - EMBEDDER_IMPLEMENTATIONS))
def test_index_uses_embedders_through_the_protocol(module):
    concrete = index_imports(module) & EMBEDDER_IMPLEMENTATIONS
    assert not concrete, f"index/{module}.py imports {sorted(concrete)}; use index.embed.Embedder"
