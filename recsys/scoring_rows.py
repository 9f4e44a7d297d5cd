"""A movie's stored scoring rows in a compact binary form (``RecommendationCache.scores``).

A run stores each movie's row of every scoring matrix twice: as JSON in the payload's
``score`` and packed here, which a read turns into arrays without parsing text (movie night
reads the rows of every member's history movies at once). Layout, little-endian: the FORMAT
tag, the CRC-32 of the rest, then per component a 1-byte name length, the name (ASCII), a
4-byte count n, n uint32 TMDb ids and n float32 weights. ``unpack`` answers None for anything
else (another format, a corrupted or truncated row), and the reader falls back to the JSON.
"""

import struct
import zlib
from collections.abc import Collection, Mapping

import numpy as np

FORMAT = b"MVS1"
_HEADER = len(FORMAT) + 4
MAX_ID = 2**32 - 1

Row = tuple[np.ndarray, np.ndarray]  # TMDb ids, weights


def pack(rows: Mapping[str, Row]) -> bytes:
    """The binary form of one movie's rows, ``{component: (tmdb_ids, weights)}``."""
    parts = []
    for name, (ids, weights) in rows.items():
        ids = np.asarray(ids)
        if len(ids) != len(weights) or (len(ids) and not 0 <= ids.min() <= ids.max() <= MAX_ID):
            raise ValueError(f"{name}: one weight per TMDb id, ids 0 to {MAX_ID}.")
        encoded = name.encode("ascii")
        parts += [
            struct.pack("<B", len(encoded)),
            encoded,
            struct.pack("<I", len(ids)),
            ids.astype("<u4").tobytes(),
            np.asarray(weights, dtype="<f4").tobytes(),
        ]
    body = b"".join(parts)
    return FORMAT + struct.pack("<I", zlib.crc32(body)) + body


def unpack(blob: bytes | memoryview | None, components: Collection[str]) -> dict[str, Row] | None:
    """The named ``components`` of a packed row (those it holds), ids as int64 and weights as
    float32 arrays; None when ``blob`` is not a sound row of this FORMAT."""
    if blob is None:
        return None
    data = memoryview(blob)
    if len(data) < _HEADER or data[: len(FORMAT)] != FORMAT:
        return None
    (checksum,) = struct.unpack_from("<I", data, len(FORMAT))
    if zlib.crc32(data[_HEADER:]) != checksum:
        return None
    rows, offset = {}, _HEADER
    try:
        while offset < len(data):
            size = data[offset]
            name = bytes(data[offset + 1 : offset + 1 + size]).decode("ascii")
            (count,) = struct.unpack_from("<I", data, offset + 1 + size)
            offset += 5 + size
            if offset + 8 * count > len(data):
                return None
            if name in components:
                ids = np.frombuffer(data, dtype="<u4", count=count, offset=offset).astype(np.int64)
                weights = np.frombuffer(data, dtype="<f4", count=count, offset=offset + 4 * count)
                rows[name] = (ids, weights.astype(np.float32))
            offset += 8 * count
    except (IndexError, struct.error, UnicodeDecodeError):
        return None
    return rows
