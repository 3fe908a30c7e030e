"""Structured output: replies that follow a JSON schema the user (or an API client) gives.

The engine enforces the shape while it samples: llama.cpp turns the schema into a GBNF grammar
(`schema_grammar`, llama-cpp-python's port of llama.cpp's json-schema-to-grammar) so every token keeps the reply a
prefix of valid JSON of that shape. Some schema keywords cannot be expressed as a grammar (minimum, pattern
details...), and a reply cut off by max tokens is unfinished JSON, so the finished reply is checked again here
(`check_reply`): with jsonschema when it is installed, else with a small check of types and required keys.

`response_format` in an OpenAI request maps to a schema with `schema_from_response_format`; {"type":
"json_object"} asks for any JSON object.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.errors import SchemaError
from desktop_app.core.messages import phrase

__all__ = ["ANY_OBJECT", "SchemaError", "check_reply", "parse_schema", "schema_from_response_format",
           "schema_grammar"]

ANY_OBJECT = '{"type": "object"}'


def parse_schema(text: str) -> dict[str, Any]:
    """The schema as a dict, or SchemaError with one sentence (for the schema editor and the API)."""
    try:
        schema = json.loads(text)
    except ValueError as exc:
        raise SchemaError(phrase("The JSON schema is not valid JSON ({error}, line {lineno}).", error=exc.msg, lineno=exc.lineno)) from None
    if not isinstance(schema, dict):
        raise SchemaError("The JSON schema must be a JSON object, such as {\"type\": \"object\"}.")
    return schema


def schema_from_response_format(response_format: Any) -> str:
    """The schema text an OpenAI `response_format` asks for ("" for plain text). Raises SchemaError."""
    if response_format is None:
        return ""
    if not isinstance(response_format, dict):
        raise SchemaError("response_format must be an object such as {\"type\": \"json_object\"}.")
    kind = response_format.get("type")
    if kind in (None, "text"):
        return ""
    if kind == "json_object":
        schema = response_format.get("schema")  # llama-cpp-python's server also takes a schema here
        return json.dumps(schema) if isinstance(schema, dict) else ANY_OBJECT
    if kind == "json_schema":
        spec = response_format.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, dict) else None
        if not isinstance(schema, dict):
            raise SchemaError(phrase("response_format json_schema needs json_schema.schema, a JSON schema object."))
        return json.dumps(schema, ensure_ascii=False)
    raise SchemaError(phrase("response_format type {kind} is not supported (use text, json_object or json_schema).", kind=repr(kind)))


def schema_grammar(schema_text: str) -> str:
    """The GBNF grammar for a schema (runs in the engine process: it imports llama_cpp). Raises SchemaError."""
    parse_schema(schema_text)
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    try:
        grammar = json_schema_to_gbnf(schema_text)
    except (AssertionError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise SchemaError(phrase("This JSON schema cannot be enforced: {error}.", error=exc)) from None
    return strict_json_chars(grammar)


# llama-cpp-python's port lets a string hold raw control characters (a newline inside "..."), which JSON forbids
# and which json.loads refuses; llama.cpp's own converter excludes them. Its `char` rule, made strict:
_LOOSE_CHAR = r'char ::= [^"\\] |'
_STRICT_CHAR = r'char ::= [^"\\\x7F\x00-\x1F] |'


def strict_json_chars(grammar: str) -> str:
    """The grammar with JSON strings that cannot hold raw control characters (JSON escapes them instead)."""
    return grammar.replace(_LOOSE_CHAR, _STRICT_CHAR)


def check_reply(text: str, schema_text: str) -> Any:
    """The reply parsed, or SchemaError saying why it does not follow the schema."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise SchemaError(phrase("The reply is not complete JSON ({error} at character {pos}).", error=exc.msg, pos=exc.pos)) from None
    schema = parse_schema(schema_text)
    try:
        import jsonschema
    except ImportError:
        problem = _small_check(value, schema)
    else:
        try:
            jsonschema.validate(value, schema)
            problem = ""
        except jsonschema.ValidationError as exc:
            where = "/".join(str(p) for p in exc.absolute_path)
            problem = f"{exc.message}" + (f" (at {where})" if where else "")
        except jsonschema.SchemaError as exc:
            raise SchemaError(phrase("The JSON schema is not valid: {message}.", message=exc.message)) from None
    if problem:
        raise SchemaError(phrase("The reply does not follow the schema: {problem}.", problem=problem))
    return value


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,), "number": (int, float),
    "boolean": (bool,), "null": (type(None),),
}


def _small_check(value: Any, schema: dict[str, Any], where: str = "") -> str:
    """Types, required keys and enums, recursively: what matters when jsonschema is not installed."""
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _TYPES:
        ok = isinstance(value, _TYPES[kind]) and not (kind in ("integer", "number") and isinstance(value, bool))
        if not ok:
            return f"{json.dumps(value)[:40]} is not of type {kind!r}" + (f" (at {where})" if where else "")
    if "enum" in schema and value not in schema["enum"]:
        return f"{json.dumps(value)[:40]} is not one of {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                return f"{key!r} is a required property" + (f" (at {where})" if where else "")
        for key, sub in (schema.get("properties") or {}).items():
            if key in value and isinstance(sub, dict):
                problem = _small_check(value[key], sub, f"{where}/{key}".lstrip("/"))
                if problem:
                    return problem
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            problem = _small_check(item, schema["items"], f"{where}/{i}".lstrip("/"))
            if problem:
                return problem
    return ""
