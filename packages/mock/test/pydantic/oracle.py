"""
Pydantic v2 as the real Dollr API runs it (FastAPI, lax mode), for the differential test
(test/pydantic-differential.test.ts). The request models are built from the spec bundle, the way
FastAPI's models produce that spec: integer -> int, number -> float, string -> str with its
lengths, format uuid -> UUID (UUID4 when the spec pins version 4), date-time -> AwareDatetime,
enum -> Enum, anyOf -> Union (Optional with null), minimum -> ge.

stdin: {"spec": path, "cases": [{"kind": "param", "schema": {...}, "in": "query", "name": "x",
"raw": "..."} | {"kind": "body", "schema": {...}, "json": "<text>"}]}
stdout: one answer per case: {"ok": true} or {"ok": false, "detail": [FastAPI items]}.
"""
import enum
import json
import sys
from typing import Annotated, Any, Optional, Union

from pydantic import UUID4, AwareDatetime, BaseModel, Field, TypeAdapter, ValidationError, create_model
from pydantic import __version__ as pydantic_version

request = json.load(sys.stdin)
with open(request["spec"], encoding="utf8") as handle:
    spec = json.load(handle)
types: dict = {}


def resolve(schema):
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


def python_type(schema):
    key = json.dumps(schema, sort_keys=True)
    if key not in types:
        types[key] = build(schema)
    return types[key]


def build(raw):
    schema = resolve(raw)
    if "anyOf" in schema:
        members = [m for m in schema["anyOf"] if resolve(m).get("type") != "null"]
        union = Union[tuple(python_type(m) for m in members)] if len(members) > 1 else python_type(members[0])
        return Optional[union] if len(members) < len(schema["anyOf"]) else union
    if "enum" in schema:
        return enum.Enum(schema.get("title", "Choice"), {v: v for v in schema["enum"]}, type=str)
    kind = schema.get("type")
    constraints = {}
    for json_name, pydantic_name in [("minimum", "ge"), ("maximum", "le"), ("exclusiveMinimum", "gt"),
                                     ("exclusiveMaximum", "lt"), ("minLength", "min_length"),
                                     ("maxLength", "max_length")]:
        if json_name in schema:
            constraints[pydantic_name] = schema[json_name]
    if kind == "object":
        required = set(schema.get("required", []))
        fields = {}
        for name, field in schema.get("properties", {}).items():
            fields[name] = (python_type(field), ... if name in required else None)
        return create_model(schema.get("title", "Model"), **fields)
    if kind == "string" and schema.get("format") == "uuid":
        return UUID4 if "-4[" in schema.get("pattern", "") else Any
    if kind == "string" and schema.get("format") == "date-time":
        return AwareDatetime
    base = {"integer": int, "number": float, "string": str, "boolean": bool}.get(kind, Any)
    return Annotated[base, Field(**constraints)] if constraints else base


def fastapi_items(error: ValidationError, prefix):
    items = []
    for item in error.errors(include_url=False):
        out = {"type": item["type"], "loc": [*prefix, *item["loc"]], "msg": item["msg"], "input": item["input"]}
        if "ctx" in item:
            out["ctx"] = {k: (v if isinstance(v, (int, float, str)) else str(v)) for k, v in item["ctx"].items()}
        items.append(out)
    return items


def answer(case):
    adapter = TypeAdapter(python_type(case["schema"]))
    if case["kind"] == "param":
        try:
            adapter.validate_python(case["raw"])
            return {"ok": True}
        except ValidationError as error:
            return {"ok": False, "detail": fastapi_items(error, [case["in"], case["name"]])}
    try:
        body = json.loads(case["json"])
    except json.JSONDecodeError as error:
        return {"ok": False, "detail": [{"type": "json_invalid", "loc": ["body", error.pos],
                                          "msg": "JSON decode error", "input": {}, "ctx": {"error": error.msg}}]}
    try:
        adapter.validate_python(body, from_attributes=True)
        return {"ok": True}
    except ValidationError as error:
        return {"ok": False, "detail": fastapi_items(error, ["body"])}


json.dump({"pydantic": pydantic_version, "answers": [answer(c) for c in request["cases"]]}, sys.stdout,
          default=str, allow_nan=False)
