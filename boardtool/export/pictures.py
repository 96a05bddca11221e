"""The key images of one export, prepared once each, on both cores, a few pictures ahead of
the layout that places them; and a small memory of recently prepared pictures, so that a
preview refresh or a second export in the window skips the work."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

from boardtool.export.images import ImageRejected, Prepared, natural_aspect, pixels, prepare_sizes
from boardtool.model.images import ImageSource

CACHE_BYTES = 48 * 1024 * 1024  # prepared pictures kept for the next export, newest first
WORKERS = 2
LOOKAHEAD = 6  # pictures prepared ahead of the layout that waits longest


class PreparedCache:
    """Prepared pictures by (name, pixel box), the least recently used forgotten first."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit = limit
        self._items: OrderedDict[tuple[str, int, int], Prepared] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, int]) -> Prepared | None:
        """Return the prepared picture, or None."""
        with self._lock:
            prepared = self._items.get(key)
            if prepared is not None:
                self._items.move_to_end(key)
            return prepared

    def put(self, key: tuple[str, int, int], prepared: Prepared) -> None:
        """Keep a prepared picture, forgetting the oldest beyond the limit."""
        with self._lock:
            if key in self._items:
                return
            self._items[key] = prepared
            self._bytes += len(prepared.data)
            while self._bytes > self.limit and self._items:
                self._bytes -= len(self._items.popitem(last=False)[1].data)

    def clear(self) -> None:
        """Forget every prepared picture."""
        with self._lock:
            self._items.clear()
            self._bytes = 0


cache = PreparedCache()


def prepare(name: str, image: ImageSource | bytes, width_in: float, height_in: float) -> Prepared:
    """Return one picture prepared for a box of this size in inches (remembered by name and size)."""
    return _prepared(name, image, [pixels(width_in, height_in)])[pixels(width_in, height_in)]


def _prepared(name: str, image, boxes: list[tuple[int, int]]) -> dict[tuple[int, int], Prepared]:
    """Return the picture at every box, from the memory where it can, decoding once for the rest."""
    found = {box: cache.get((name, *box)) for box in boxes}
    missing = [box for box, prepared in found.items() if prepared is None]
    if missing:
        made = prepare_sizes(image, missing)
        for box, prepared in made.items():
            cache.put((name, *box), prepared)
        found.update(made)
    return found


class PictureWork:
    """The pictures an export places, in the order it places them, each wanted at one or
    more pixel boxes; each is decoded once on a worker thread and let go once placed."""

    def __init__(self, workers: int = WORKERS, lookahead: int = LOOKAHEAD):
        self._sources: dict[str, ImageSource] = {}
        self._aspects: dict[str, float | ImageRejected] = {}
        self._wanted: dict[str, Counter[tuple[int, int]]] = {}  # placements not yet taken, by box
        self._index: dict[str, int] = {}
        self._order: list[str] = []
        self._jobs: dict[str, Future] = {}
        self._submitted = 0
        self._lookahead = lookahead
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def aspect(self, name: str, image: ImageSource) -> float:
        """Return the picture's shown width / height from its header, read once (raises ImageRejected)."""
        if name not in self._aspects:
            self._sources[name] = image
            try:
                self._aspects[name] = natural_aspect(image)
            except ImageRejected as exc:
                self._aspects[name] = exc
        found = self._aspects[name]
        if isinstance(found, ImageRejected):
            raise found
        return found

    def want(self, name: str, width_in: float, height_in: float) -> None:
        """Note that the picture will be placed at this size in inches."""
        if name not in self._wanted:
            self._wanted[name] = Counter()
            self._index[name] = len(self._order)
            self._order.append(name)
        self._wanted[name][pixels(width_in, height_in)] += 1

    def take(self, name: str, image: ImageSource, width_in: float, height_in: float) -> Prepared:
        """Return the picture prepared for this size, waiting for its worker; a size nobody
        said it wanted is prepared here and now (raises ImageRejected)."""
        box = pixels(width_in, height_in)
        with self._lock:
            left = self._wanted.get(name)
            if not left or not left[box] or name not in self._index:
                job = None
            else:
                self._submit_until(self._index[name] + self._lookahead)
                job = self._jobs[name]
                left[box] -= 1
                if not +left:  # every placement taken: let the picture go
                    del self._jobs[name], self._wanted[name]
        if job is None:
            return prepare(name, image, width_in, height_in)
        return job.result()[box]

    def start(self) -> None:
        """Start preparing the first pictures."""
        with self._lock:
            self._submit_until(self._lookahead - 1)

    def close(self) -> None:
        """Stop the workers (after the layout finished, or failed)."""
        with self._lock:
            pool, self._pool = self._pool, None
            for job in self._jobs.values():
                job.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit_until(self, last: int) -> None:
        if self._pool is None and self._submitted < len(self._order):
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="pictures")
        while self._submitted <= min(last, len(self._order) - 1):
            name = self._order[self._submitted]
            boxes = sorted(self._wanted[name])
            self._jobs[name] = self._pool.submit(_prepared, name, self._sources[name], boxes)
            self._submitted += 1
