"""Built-in tools that need no server and touch nothing outside what the user picked.

- `current_datetime`: the local date, time, weekday and time zone (small models do not know what day it is);
- `calculator`: arithmetic on numbers, evaluated from Python's parsed syntax tree with a whitelist of operators and
  functions: never `eval`, no names, no attributes, no calls other than the math functions listed, and bounds on
  exponents and factorials so "9**9**9" is refused instead of freezing the app;
- `read_file`: the text of a file the user chose in the Tools settings (by name or path); any other path is refused,
  so a model cannot read what the user did not hand it.
"""

from __future__ import annotations

import ast
import datetime as _dt
import math
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DesktopAppError
from desktop_app.core.messages import phrase

BUILTIN_SERVER = "built-in"
MAX_FILE_CHARS = 20_000  # of a chosen file, given to the model (the rest is cut, and the result says so)
_MAX_POWER = 10_000  # largest exponent the calculator accepts
_MAX_FACTORIAL = 1_000


class ToolError(DesktopAppError):
    """A tool could not do what was asked; the message goes to the user and, as the tool's result, to the model."""


def _function(name: str, description: str, properties: dict[str, Any], required: Sequence[str] = ()) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": list(required)},
        },
    }


def definitions(chosen_files: Sequence[str | Path] = ()) -> list[dict[str, Any]]:
    """The built-in tools in OpenAI's `tools` shape; `read_file` only when the user chose files."""
    tools = [
        _function("current_datetime", "Get the current local date, time, weekday and time zone.", {}),
        _function(
            "calculator",
            "Evaluate an arithmetic expression exactly, e.g. '1234 * 5678' or 'sqrt(2) * (3 + 4) ** 2'. "
            "Supports + - * / // % **, parentheses, pi, e, and sqrt, sin, cos, tan, log, exp, abs, round, factorial.",
            {"expression": {"type": "string", "description": "The arithmetic expression to evaluate."}},
            ["expression"],
        ),
    ]
    if chosen_files:
        names = ", ".join(Path(p).name for p in chosen_files)
        tools.append(_function(
            "read_file",
            f"Read the text of one of the files the user shared: {names}.",
            {"name": {"type": "string", "description": "The file's name, as listed."}},
            ["name"],
        ))
    return tools


# -- calculator ------------------------------------------------------------------------------------------------------
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_CONSTANTS = {"pi": math.pi, "e": math.e, "tau": math.tau}


def _factorial(x: float) -> int:
    if x != int(x) or x < 0 or x > _MAX_FACTORIAL:
        raise ToolError(phrase("factorial takes a whole number from 0 to {limit}.", limit=_MAX_FACTORIAL))
    return math.factorial(int(x))


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "log": math.log, "log10": math.log10, "log2": math.log2, "exp": math.exp, "abs": abs,
    "round": round, "floor": math.floor, "ceil": math.ceil, "factorial": _factorial, "min": min, "max": max,
}


def _evaluate(node: ast.AST) -> Any:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > _MAX_POWER:
            raise ToolError(phrase("The exponent {right} is too large to compute.", right=right))
        return _BINARY[type(node.op)](left, right)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS
            and not node.keywords):
        return _FUNCTIONS[node.func.id](*[_evaluate(a) for a in node.args])
    raise ToolError(phrase("The calculator takes numbers, + - * / // % **, parentheses and math functions only."))


def calculate(expression: str) -> str:
    """The value of an arithmetic expression, as text. Raises ToolError with a sentence for anything else."""
    text = str(expression).strip().replace("^", "**").replace("×", "*").replace("÷", "/")
    if not text:
        raise ToolError(phrase("The calculator was given no expression."))
    if len(text) > 500:
        raise ToolError(phrase("The expression is too long (500 characters at most)."))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ToolError(phrase("'{expression}' is not an arithmetic expression.", expression=expression)) from exc
    try:
        value = _evaluate(tree)
    except ZeroDivisionError as exc:
        raise ToolError(phrase("Division by zero.")) from exc
    except (OverflowError, ValueError, TypeError) as exc:
        raise ToolError(phrase("'{expression}' cannot be computed: {error}.", expression=expression, error=exc)) from exc
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value)


# -- date and time ---------------------------------------------------------------------------------------------------
def current_datetime(now: _dt.datetime | None = None) -> str:
    now = now or _dt.datetime.now().astimezone()
    return now.strftime("%A %Y-%m-%d %H:%M:%S") + f" ({now.tzname() or 'local time'}, UTC{now.strftime('%z')})"


# -- chosen files ----------------------------------------------------------------------------------------------------
def read_chosen_file(name: str, chosen_files: Sequence[str | Path]) -> str:
    """The text of a file the user chose, found by its name (or its full path). Refuses any other path."""
    wanted = str(name or "").strip()
    chosen = [Path(p) for p in chosen_files]
    match = next((p for p in chosen if wanted in (p.name, str(p))), None)
    if match is None:
        listed = ", ".join(p.name for p in chosen) or "none"
        raise ToolError(phrase("'{wanted}' is not one of the files the user shared ({listed}).", wanted=wanted, listed=listed))
    try:
        raw = match.read_bytes()
    except OSError as exc:
        raise ToolError(phrase("{name} could not be read: {error}.", name=match.name, error=exc.strerror or exc)) from exc
    if b"\x00" in raw[:4096]:
        raise ToolError(phrase("{name} is not a text file.", name=match.name))
    text = raw.decode("utf-8", errors="replace")
    if len(text) > MAX_FILE_CHARS:
        return text[:MAX_FILE_CHARS] + f"\n[... cut: {match.name} has {len(text):,} characters, only the first " \
                                       f"{MAX_FILE_CHARS:,} are shown]"
    return text


def run_builtin(name: str, arguments: dict[str, Any], chosen_files: Sequence[str | Path] = ()) -> str:
    """Run a built-in tool; raises ToolError with a sentence when it cannot."""
    if name == "current_datetime":
        return current_datetime()
    if name == "calculator":
        return calculate(arguments.get("expression", ""))
    if name == "read_file" and chosen_files:
        return read_chosen_file(arguments.get("name", arguments.get("path", "")), chosen_files)
    raise ToolError(phrase("There is no built-in tool called '{name}'.", name=name))


def builtin_names(chosen_files: Sequence[str | Path] = ()) -> set[str]:
    return {d["function"]["name"] for d in definitions(chosen_files)}
