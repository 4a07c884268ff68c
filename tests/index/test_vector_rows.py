"""Rows read from a .npy file on demand: the same rows as the matrix NumPy saved."""

import numpy as np
import pytest

from index.errors import IndexCorruptError
from index.vector_rows import VectorRows


@pytest.fixture
def saved(tmp_path):
    matrix = np.random.default_rng(3).standard_normal((50, 8)).astype(np.float32)
    path = tmp_path / "vectors.npy"
    np.save(path, matrix, allow_pickle=False)
    return matrix, path


def test_rows_are_the_saved_ones_in_the_order_asked(saved):
    matrix, path = saved
    rows = VectorRows(path)
    assert (rows.shape, len(rows), rows.nbytes) == (matrix.shape, 50, matrix.nbytes)
    for wanted in ([3, 1, 49, 3], [], range(50)):
        assert np.array_equal(rows[list(wanted)], matrix[list(wanted)].reshape(-1, 8))
    assert np.array_equal(rows[7], matrix[7])
    assert np.array_equal(np.asarray(rows), matrix)


@pytest.mark.parametrize("row", [50, -1])
def test_a_row_out_of_range_is_refused(saved, row):
    with pytest.raises(IndexError, match=f"row {row} of a matrix of 50 rows"):
        VectorRows(saved[1])[[0, row]]


def test_a_short_file_is_corrupt(saved):
    _, path = saved
    path.write_bytes(path.read_bytes()[:-4])
    with pytest.raises(IndexCorruptError, match="not as long as its header says"):
        VectorRows(path)


@pytest.mark.parametrize("array", [np.zeros((4, 8), np.float64), np.zeros(8, np.float32)])
def test_anything_but_a_float32_matrix_is_corrupt(tmp_path, array):
    path = tmp_path / "other.npy"
    np.save(path, array, allow_pickle=False)
    with pytest.raises(IndexCorruptError, match="does not hold a float32 matrix"):
        VectorRows(path)


def test_a_file_that_is_not_npy_is_corrupt(tmp_path):
    path = tmp_path / "text.npy"
    path.write_text("not a matrix")
    with pytest.raises(IndexCorruptError, match="cannot read vectors"):
        VectorRows(path)
