"""A job's signals are connected before it starts (ARCHITECTURE.md, Threads). A job connected after its start can
end first: a hub search against a closed port failed before the download dialog connected, and the dialog stayed
blank (CI, 2026-12-05). This reads every module of the app for that shape."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import desktop_app

# Calls that start a job and return it (ModelManager.submit/run_background/load/reload, start_catalog_download...).
STARTERS = {"submit", "run_background", "load", "reload"}


def _is_starter(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in STARTERS or name.startswith("start_")


def connections_after_start(source: str) -> list[str]:
    """`job.<signal>.connect(...)` after `job = <starter>(...)` in the same function, as "line: text"."""
    found = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        started = {ast.unparse(target): node.lineno for node in ast.walk(fn)
                   if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _is_starter(node.value)
                   for target in node.targets}
        for node in ast.walk(fn):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                    and isinstance(node.func.value, ast.Attribute)):
                owner = ast.unparse(node.func.value.value)
                if started.get(owner, node.lineno) < node.lineno:
                    found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_check_finds_the_shape_that_left_the_dialog_blank():
    old = textwrap.dedent("""
        def _run(self, work, on_done):
            job = self.manager.run_background(work, name="hub")
            job.finished.connect(on_done)
            job.failed.connect(self._on_failed)
            return job
    """)
    fixed = textwrap.dedent("""
        def _run(self, work, on_done):
            def connect(job):
                job.finished.connect(on_done)
            self.job = self.manager.run_background(work, name="hub", before_start=connect)
            self.job.progress.connect(self._later)  # the shape the check also catches
    """)
    assert [line.split(":")[0] for line in connections_after_start(old)] == ["4", "5"]
    assert connections_after_start(fixed) == ["6: self.job.progress.connect(self._later)"]


def test_no_module_connects_a_job_after_starting_it():
    root = Path(desktop_app.__file__).parent
    found = [f"{path.relative_to(root.parent)}:{line}" for path in sorted(root.rglob("*.py"))
             for line in connections_after_start(path.read_text(encoding="utf-8"))]
    assert not found, "connect in before_start instead:\n" + "\n".join(found)
