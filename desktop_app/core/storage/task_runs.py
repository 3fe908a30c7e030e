"""Recent runs of the Summarize / Sentiment / Translate tabs (table task_runs), as a part of Database.

A mixin rather than its own class: the runs live in the same file and connection as the conversations, so one
Database object (one connection, owned by the GUI thread) serves both.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

COMPLETE = "complete"
# A run's input is kept whole up to this many characters (a 10 MB text would bloat every history query).
TASK_INPUT_LIMIT = 2_000_000


@dataclass(frozen=True)
class TaskRun:
    """One run of a task tab: what went in, which engine, what came out."""

    id: int
    task: str  # summarize / sentiment / translate
    created_at: float
    engine: str
    model: str
    input: str
    output: str
    settings: dict[str, Any]
    status: str = COMPLETE
    input_truncated: bool = False


class TaskRunStore:
    """The task_runs methods of Database (which provides `_conn` and `_write`)."""

    _conn: sqlite3.Connection

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:  # provided by Database
        raise NotImplementedError

    def add_task_run(
        self,
        task: str,
        *,
        engine: str,
        model: str,
        input: str,
        output: str,
        settings: dict[str, Any] | None = None,
        status: str = COMPLETE,
    ) -> int:
        settings = dict(settings or {})
        if len(input) > TASK_INPUT_LIMIT:
            settings["input_chars"] = len(input)
            input = input[:TASK_INPUT_LIMIT]
        cur = self._write(
            "INSERT INTO task_runs(task, created_at, engine, model, input, output, settings, status) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (task, time.time(), engine, model, input, output, json.dumps(settings, ensure_ascii=False), status),
        )
        return int(cur.lastrowid)

    @staticmethod
    def _task_run(row: sqlite3.Row) -> TaskRun:
        try:
            settings = json.loads(row["settings"])
        except ValueError:
            settings = {}
        return TaskRun(
            id=row["id"], task=row["task"], created_at=row["created_at"], engine=row["engine"], model=row["model"],
            input=row["input"], output=row["output"], settings=settings, status=row["status"],
            input_truncated="input_chars" in settings,
        )

    def task_runs(self, task: str, limit: int = 100) -> list[TaskRun]:
        """The newest runs first. Inputs and outputs are cut to 300 characters here (a list needs no more);
        `task_run(id)` gives the whole run."""
        rows = self._conn.execute(
            "SELECT id, task, created_at, engine, model, substr(input, 1, 300) AS input, "
            "substr(output, 1, 300) AS output, settings, status FROM task_runs WHERE task=? ORDER BY id DESC LIMIT ?",
            (task, limit),
        ).fetchall()
        return [self._task_run(r) for r in rows]

    def task_run(self, run_id: int) -> TaskRun | None:
        row = self._conn.execute("SELECT * FROM task_runs WHERE id=?", (run_id,)).fetchone()
        return self._task_run(row) if row else None

    def delete_task_run(self, run_id: int) -> None:
        self._write("DELETE FROM task_runs WHERE id=?", (run_id,))
