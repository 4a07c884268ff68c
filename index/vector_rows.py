"""The rows of a float32 matrix saved by ``np.save``, read from the file only when asked for."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from index.errors import IndexCorruptError

_FLOAT32 = np.dtype("<f4")
_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


class VectorRows:
    """A read-only matrix in a ``.npy`` file whose rows are read (``os.pread``) when indexed.

    A question reads the vectors of a few dozen candidate sentences. Memory-mapping the file
    was meant to cost only those rows, but every page fault on a mapped file also maps the
    pages around it that the page cache holds (the kernel's fault-around, 64 KB;
    ``MADV_RANDOM`` does not turn it off), and the whole file is cached once its checksum is
    verified at load: after 100 questions on 13,535 passages, all 41.6 MB of the file were
    resident in the process. Reading each row into a fresh array keeps only what is used.

    Example:
        >>> rows = VectorRows(Path("sentences.npy"))
        >>> rows[[3, 1]].shape
        (2, 384)
    """

    def __init__(self, path: Path) -> None:
        """Open ``path`` and read its header.

        Raises:
            IndexCorruptError: If it is not a complete ``.npy`` file of a 2-D float32 matrix.
        """
        try:
            # Unbuffered: rows are read with pread, which neither uses nor moves the position.
            self._file = open(path, "rb", buffering=0)
            header = _HEADERS.get(np.lib.format.read_magic(self._file))
            if header is None:
                raise ValueError("an unknown .npy format version")
            shape, fortran, dtype = header(self._file)
            self._offset = self._file.tell()
            size = os.fstat(self._file.fileno()).st_size
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(f"cannot read vectors {path}: {exc}") from exc
        if dtype != _FLOAT32 or fortran or len(shape) != 2:
            raise IndexCorruptError(f"{path} does not hold a float32 matrix")
        self.shape: tuple[int, int] = shape
        self._row_bytes = shape[1] * _FLOAT32.itemsize
        if size != self._offset + shape[0] * self._row_bytes:
            raise IndexCorruptError(f"{path} is not as long as its header says")
        self.path = path

    @property
    def dtype(self) -> np.dtype:
        return _FLOAT32

    @property
    def nbytes(self) -> int:
        """The size of the whole matrix (in the file, not in memory)."""
        return self.shape[0] * self._row_bytes

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: int | Sequence[int]) -> np.ndarray:
        """Row ``rows`` (a vector), or the rows listed (a matrix, in the order given).

        Raises:
            IndexError: If a row is out of range (negative rows are not counted from the end).
        """
        single = isinstance(rows, (int, np.integer))
        wanted = [int(rows)] if single else [int(i) for i in rows]
        out = np.empty((len(wanted), self.shape[1]), dtype=_FLOAT32)
        for at, row in enumerate(wanted):
            if not 0 <= row < self.shape[0]:
                raise IndexError(f"row {row} of a matrix of {self.shape[0]} rows")
            data = os.pread(self._file.fileno(), self._row_bytes, self._offset + row * self._row_bytes)
            out[at] = np.frombuffer(data, dtype=_FLOAT32)
        return out[0] if single else out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """The whole matrix, read from the file."""
        matrix = np.fromfile(self.path, dtype=_FLOAT32, offset=self._offset).reshape(self.shape)
        return matrix if dtype is None else matrix.astype(dtype)
