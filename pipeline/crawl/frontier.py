"""The persistent frontier: every URL the crawl has seen, queued or done, in SQLite (WAL).

A URL is done when its outcome is committed. One transaction commits a batch of outcomes, the
links they found and how far the open WARC file is committed, so after a kill the frontier and
the WARC files agree: what is done is in the WARC exactly once, what is not is still queued.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                -- page | sitemap
    depth INTEGER NOT NULL,            -- link hops from a seed
    redirects INTEGER NOT NULL,        -- redirect hops that led here
    done_seq INTEGER,                  -- NULL while queued, then the order of completion
    outcome TEXT,
    record TEXT                        -- the crawl-log line (JSON)
);
CREATE INDEX IF NOT EXISTS urls_queued ON urls(id) WHERE done_seq IS NULL;
CREATE TABLE IF NOT EXISTS warc_files (
    name TEXT PRIMARY KEY,
    committed_bytes INTEGER NOT NULL,  -- the file is valid up to here; bytes past it are not committed
    closed INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass
class Entry:
    """A queued URL (attempts: failed tries in this session, for retries)."""

    id: int
    url: str
    kind: str
    depth: int
    redirects: int
    attempts: int = 0


@dataclass
class NewUrl:
    url: str
    kind: str
    depth: int
    redirects: int = 0


@dataclass
class Outcome:
    """What became of one queued URL: its crawl-log line, and the URLs it led to."""

    entry: Entry
    record: dict
    found: list[NewUrl]


class Frontier:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # one thread at a time: the crawler's writer commits in a worker thread, off the event loop
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is enough: the WARC bytes are fsynced before the commit that points at them
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.done_seq = self.db.execute("SELECT COALESCE(MAX(done_seq), 0) FROM urls").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ urls
    def seed(self, urls: list[NewUrl], meta: dict[str, str]) -> None:
        """Queue the seeds and write `meta`, once, in one transaction."""
        with self._transaction():
            self._insert(urls)
            for key, value in meta.items():
                self.set_meta(key, value)

    def queued(self) -> list[Entry]:
        rows = self.db.execute(
            "SELECT id, url, kind, depth, redirects FROM urls WHERE done_seq IS NULL ORDER BY id"
        ).fetchall()
        return [Entry(*row) for row in rows]

    def commit(self, outcomes: list[Outcome], warc: tuple[str, int] | None) -> list[Entry]:
        """Mark `outcomes` done, queue the new URLs they found, record the WARC's committed size:
        all or nothing. Returns the newly queued entries."""
        with self._transaction():
            for outcome in outcomes:
                self.done_seq += 1
                self.db.execute(
                    "UPDATE urls SET done_seq = ?, outcome = ?, record = ? WHERE id = ?",
                    (self.done_seq, outcome.record["outcome"], json.dumps(outcome.record), outcome.entry.id),
                )
            new = self._insert([url for outcome in outcomes for url in outcome.found])
            if warc is not None:
                self.db.execute(
                    "UPDATE warc_files SET committed_bytes = ? WHERE name = ?", (warc[1], warc[0])
                )
        return new

    def records(self) -> Iterator[str]:
        """The crawl-log lines of all done URLs, in the order they were done."""
        for (record,) in self.db.execute(
            "SELECT record FROM urls WHERE done_seq IS NOT NULL ORDER BY done_seq"
        ):
            yield record

    def outcome_counts(self) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT outcome, COUNT(*) FROM urls WHERE done_seq IS NOT NULL GROUP BY outcome"
        )
        return dict(sorted(rows.fetchall()))

    def totals(self) -> dict[str, int]:
        row = self.db.execute(
            """SELECT COUNT(*), COUNT(done_seq),
                      COALESCE(SUM(json_extract(record, '$.bytes')), 0),
                      COALESCE(SUM(json_extract(record, '$.truncated')), 0),
                      COALESCE(SUM(MAX(json_extract(record, '$.attempts') - 1, 0)), 0),
                      COALESCE(SUM(json_extract(record, '$.links_out_of_scope')), 0),
                      COALESCE(SUM(json_extract(record, '$.links_invalid')), 0)
               FROM urls"""
        ).fetchone()
        keys = (
            "urls_seen",
            "urls_done",
            "bytes_stored",
            "pages_truncated",
            "retries",
            "links_out_of_scope",
            "links_invalid",
        )
        return dict(zip(keys, row, strict=True))

    def _insert(self, urls: list[NewUrl]) -> list[Entry]:
        new = []
        for url in urls:
            row = self.db.execute(
                "INSERT INTO urls (url, kind, depth, redirects) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING RETURNING id",
                (url.url, url.kind, url.depth, url.redirects),
            ).fetchone()
            if row is not None:
                new.append(Entry(row[0], url.url, url.kind, url.depth, url.redirects))
        return new

    # ------------------------------------------------------------------ WARC files
    def open_warcs(self) -> list[tuple[str, int]]:
        return self.db.execute("SELECT name, committed_bytes FROM warc_files WHERE closed = 0").fetchall()

    def warc_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM warc_files").fetchone()[0]

    def add_warc(self, name: str) -> None:
        self.db.execute("INSERT INTO warc_files (name, committed_bytes) VALUES (?, 0)", (name,))

    def close_warc(self, name: str) -> None:
        self.db.execute("UPDATE warc_files SET closed = 1 WHERE name = ?", (name,))

    def drop_warc(self, name: str) -> None:
        self.db.execute("DELETE FROM warc_files WHERE name = ?", (name,))

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on error (sqlite3's own context manager needs implicit transactions)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
