"""``qa`` re-exports its public names with a sorted ``__all__``."""

import pkgutil

import qa


def test_all_is_sorted_and_complete():
    assert qa.__all__ == sorted(qa.__all__)
    public = {name for name in vars(qa) if not name.startswith("_")}
    # Submodules become attributes of the package once anything imports them.
    modules = {module.name for module in pkgutil.iter_modules(qa.__path__)}
    assert public - modules == set(qa.__all__)


def test_import_qa_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import sys, qa; heavy = {'torch', 'sentence_transformers', 'gradio', 'faiss'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
