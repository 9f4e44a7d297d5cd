"""The fitted models of a run as one versioned artefact every worker can read.

A run stores its artefact (neighbour matrices, popularity and novelty vectors, the TMDb id
and genres of every item) in its RecommendationRun row, compressed NumPy arrays without
pickling. A worker reads it once per run and keeps the last few in memory, so every batch
of the run scores from the same fit without refitting.
"""

import io
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import scipy.sparse as sp

from recsys.engines import hybrid
from recsys.models import RecommendationRun

_GENRE_SEPARATOR = "|"


@dataclass(frozen=True)
class Artefact:
    """A fitted ItemModel with the TMDb id and genre names of each of its items."""

    model: hybrid.ItemModel
    tmdb_ids: np.ndarray
    genres: list[list[str]]

    @cached_property
    def index(self) -> dict[int, int]:
        """TMDb id -> item index."""
        return {int(tmdb_id): pos for pos, tmdb_id in enumerate(self.tmdb_ids)}

    @cached_property
    def genres_by_tmdb_id(self) -> dict[int, list[str]]:
        return dict(zip(self.tmdb_ids.tolist(), self.genres, strict=True))


def dumps(artefact: Artefact) -> bytes:
    """The artefact as bytes (numpy's compressed .npz, no pickled objects)."""
    arrays = {
        "tmdb_ids": artefact.tmdb_ids.astype(np.int64),
        "popularity": artefact.model.popularity.astype(np.float32),
        "novelty": artefact.model.novelty_vector().astype(np.float32),
        "genres": np.array([_GENRE_SEPARATOR.join(names) for names in artefact.genres], dtype=str),
        "components": np.array(list(artefact.model.neighbours), dtype=str),
    }
    for name, matrix in artefact.model.neighbours.items():
        matrix = sp.csr_matrix(matrix)
        arrays[f"{name}.data"] = matrix.data.astype(np.float32)
        arrays[f"{name}.indices"] = matrix.indices
        arrays[f"{name}.indptr"] = matrix.indptr
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def loads(data: bytes) -> Artefact:
    """The artefact ``dumps`` wrote."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        n = len(arrays["tmdb_ids"])
        neighbours = {
            str(name): sp.csr_matrix(
                (arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"]), shape=(n, n)
            )
            for name in arrays["components"]
        }
        model = hybrid.ItemModel(
            neighbours=neighbours, popularity=arrays["popularity"], novelty=arrays["novelty"]
        )
        genres = [names.split(_GENRE_SEPARATOR) if names else [] for names in arrays["genres"].tolist()]
        return Artefact(model=model, tmdb_ids=arrays["tmdb_ids"], genres=genres)


@lru_cache(maxsize=2)
def load(run_id: int) -> Artefact:
    """The artefact of run ``run_id``, read from the database once per process.

    RecommendationRun.DoesNotExist when the run is gone or stored none.
    """
    data = RecommendationRun.objects.filter(pk=run_id, artefact__isnull=False).values_list(
        "artefact", flat=True
    )
    for blob in data:
        return loads(bytes(blob))
    raise RecommendationRun.DoesNotExist(f"Run {run_id} has no stored artefact.")
