"""A small page cache that is never stale: entries die when the store changes.

The web UI only reads. The store changes when a CLI command (``kennan
ingest``, ``extract``, ``match``, ``trace``) commits through another
connection, and SQLite says so: ``PRAGMA data_version`` on a connection
changes whenever *another* connection has committed. Each request asks its
thread's connection (microseconds); a change bumps a global generation, and a
cached page is served only if it was rendered in the current generation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class PageCache:
    """LRU of rendered responses keyed by request, valid for one store generation."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._pages: OrderedDict = OrderedDict()
        self._seen: dict[int, int] = {}  # id(connection) -> its last data_version
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def observe(self, conn) -> int:
        """Check ``conn``'s data_version; returns the current generation (bumped if the store changed)."""
        v = conn.execute("PRAGMA data_version").fetchone()[0]
        key = id(conn)
        with self._lock:
            old = self._seen.get(key)
            self._seen[key] = v
            if old is not None and old != v:
                self.generation += 1
                self._pages.clear()
            return self.generation

    def get(self, key, generation: int):
        """The cached value for ``key`` if rendered in ``generation``, else ``None``."""
        if not self.size:
            return None
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit[0] != generation:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return hit[1]

    def put(self, key, generation: int, value) -> None:
        """Remember ``value`` for ``key`` in ``generation``."""
        if not self.size:
            return
        with self._lock:
            if generation != self.generation:
                return  # the store changed while this page was being built
            self._pages[key] = (generation, value)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
