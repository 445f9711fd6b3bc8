"""Eight bytes at a time: decimal digits read from little-endian uint64 words (SWAR).

A word loaded from 8 ASCII digits holds the first (most significant) digit in its lowest byte;
three multiply-shift steps combine pairs, quads and halves into the number. Bytes outside a
number are first replaced by `0`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

_ZEROS = np.uint64(0x3030303030303030)
_HIGH_NIBBLES = np.uint64(0xF0F0F0F0F0F0F0F0)
_SIXES = np.uint64(0x0606060606060606)
_THREES = np.uint64(0x3333333333333333)


def window(buf: U8, positions: I64, width: int) -> U8:
    """The `width` bytes from each position, as an (n, width) array.

    Gathered as one `width`-byte item per position (a byte-strided view of `buf`), which NumPy
    copies much faster than rows of a 2-D sliding window.
    """
    items = np.ndarray((len(buf) - width + 1,), np.dtype(f"V{width}"), buf, strides=(1,))
    chunks: U8 = items[positions].view(np.uint8).reshape(len(positions), width)
    return chunks


def prefix_masks(width: int) -> U64:
    """Row n (0 to `width`): `width` / 8 words whose first n bytes (in memory order) are 0xFF."""
    ones = np.arange(width) < np.arange(width + 1)[:, None]
    masks: U64 = (ones.astype(np.uint8) * np.uint8(255)).view(np.uint64)
    return masks


def keep_high_bytes(words: U64, count: int) -> U64:
    """The words with their lowest `count` bytes replaced by ASCII `0`."""
    low = np.uint64((1 << (8 * count)) - 1)
    return (words & ~low) | (_ZEROS & low)


def all_digits(words: U64) -> Bool:
    """Whether all 8 bytes of each word are ASCII digits."""
    high = words & _HIGH_NIBBLES
    shifted = ((words + _SIXES) & _HIGH_NIBBLES) >> np.uint64(4)
    same: Bool = (high | shifted) == _THREES
    return same


def digits_value(words: U64) -> U64:
    """The number written by the 8 ASCII digits of each word."""
    value = words & np.uint64(0x0F0F0F0F0F0F0F0F)
    value = (value * np.uint64(2561)) >> np.uint64(8)
    value = ((value & np.uint64(0x00FF00FF00FF00FF)) * np.uint64(6553601)) >> np.uint64(16)
    value = ((value & np.uint64(0x0000FFFF0000FFFF)) * np.uint64(42949672960001)) >> np.uint64(32)
    return value
