"""Parameters as the spec says: checked before sending, serialised by ``style``/``explode``, the key sent once.

openapi-python-client 0.29.1 reads ``style`` and ``explode`` but never applies them (an array query parameter is
always ``a=1&a=2``, a ``deepObject`` is flattened to its properties), refuses ``date-time``/``date``/array
headers, and turns a per-operation ``X-Api-Key`` header into a required argument that replaces the client's key.
So the pipeline takes the non-path parameters away from the generator's code:

- ``generator_spec``: the copy of the spec the generator reads. A header parameter that is the client's own
  auth (an ``apiKey`` scheme in ``header`` the operation requires, matched by name case-insensitively) is
  dropped: it is no argument, the client's key is sent. Other header parameters are handed to the generator
  as query parameters, which it types fully (``datetime.datetime``, ``UUID``, ``list[...]``); their location
  on the wire is the spec's, written below.
- ``rewrite_parameters``: in each endpoint's ``_get_kwargs``, the generator's header/cookie/query statements
  become one call of ``_parameters.encode_parameters`` with each parameter's argument, name, location,
  style, explode, required flag and shape, from the spec; the query string it returns is appended to the URL
  (``httpx``'s ``params`` would percent-encode the delimiters: ``status=RUNNING%2CFAILED``).
- ``check_parameters``: what the SDK cannot serialise (``label``/``matrix`` paths, a ``deepObject`` that is
  not an object, ``content``-encoded parameters, nested objects...) fails ``make generate`` naming the
  operation and the parameter.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openapi_python_client.strings import PythonIdentifier, snake_case

from .importer import HTTP_METHODS
from .merge import MergeError

if TYPE_CHECKING:
    from .models_postprocess import _Module

PARAMETERS_MODULE = "_parameters"
_FIELD_PREFIX = "field_"  # the generator's default config.field_prefix
_PRIMITIVE_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean"}
_STRING_FORMATS = {"uuid": "uuid", "date-time": "date-time", "date": "date"}
DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_ANNOTATIONS = {
    "integer": {"int"},
    "number": {"float"},
    "boolean": {"bool"},
    "string": {"str"},
    "uuid": {"UUID"},
    "date-time": {"datetime.datetime"},
    "date": {"datetime.date"},
}


@dataclass(frozen=True)
class Parameter:
    """One parameter of an operation, as the SDK sends it."""

    name: str
    location: str
    style: str
    explode: bool
    required: bool
    shape: str | tuple[str, ...]
    enum: bool


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    for path, item in sorted((spec.get("paths") or {}).items()):
        for method, operation in sorted(item.items()):
            if method in HTTP_METHODS and isinstance(operation, dict):
                yield method, path, item, operation


def _resolved(spec: Mapping[str, Any], node: Any, where: str) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if not ref.startswith("#/") or seen > 20:
            raise MergeError(f"{where}: cannot resolve {ref!r}")
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
        if target is None:
            raise MergeError(f"{where}: {ref} names nothing in the spec")
        node, seen = target, seen + 1
    return node


def _declared(spec: Mapping[str, Any], item: Mapping[str, Any], operation: Mapping[str, Any], where: str) -> list[Any]:
    """The operation's parameters, resolved, the path item's first unless the operation redefines them."""
    own = [_resolved(spec, p, where) for p in operation.get("parameters") or []]
    keys = {(p.get("name"), p.get("in")) for p in own if isinstance(p, dict)}
    shared = [_resolved(spec, p, where) for p in item.get("parameters") or []]
    return [p for p in shared if isinstance(p, dict) and (p.get("name"), p.get("in")) not in keys] + own


def _auth_headers(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> set[str]:
    """Lower-cased header names of the ``apiKey`` schemes the operation requires (the client sends its key)."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    requirements = operation.get("security", spec.get("security")) or []
    names: set[str] = set()
    for requirement in requirements:
        for scheme_name in requirement if isinstance(requirement, dict) else ():
            scheme = _resolved(spec, schemes.get(scheme_name), "securitySchemes")
            if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                names.add(str(scheme.get("name", "")).lower())
    return names


def is_client_auth(spec: Mapping[str, Any], operation: Mapping[str, Any], parameter: Mapping[str, Any]) -> bool:
    """Whether ``parameter`` is the API key the client already sends (an apiKey header scheme's header)."""
    return parameter.get("in") == "header" and str(parameter.get("name", "")).lower() in _auth_headers(spec, operation)


def _shape(spec: Mapping[str, Any], schema: Any, where: str) -> tuple[str | tuple[str, ...], bool, str]:
    """(shape, is an enum, kind) of a parameter schema; kind is ``primitive``, ``array`` or ``object``."""
    schema = _resolved(spec, schema, where)
    if not isinstance(schema, dict):
        raise MergeError(f"{where}: no schema; the SDK cannot type or serialise it")
    for combinator in ("oneOf", "anyOf", "allOf", "not"):
        if combinator in schema:
            raise MergeError(f"{where}: a {combinator} schema cannot be serialised as a parameter by the SDK")
    kind = schema.get("type")
    if kind is None and "properties" in schema:
        kind = "object"
    enum = "enum" in schema
    if kind in _PRIMITIVE_TYPES:
        return _PRIMITIVE_TYPES[kind], enum, "primitive"
    if kind == "string":
        fmt = schema.get("format")
        if fmt in ("binary", "byte"):
            raise MergeError(f"{where}: a {fmt} string cannot be sent as a parameter by the SDK")
        return _STRING_FORMATS.get(str(fmt), "string"), enum, "primitive"
    if kind == "array":
        item, item_enum, item_kind = _shape(spec, schema.get("items"), f"{where} items")
        if item_kind != "primitive":
            raise MergeError(f"{where}: an array of {item_kind}s cannot be serialised as a parameter by the SDK")
        return ("array", str(item)), item_enum, "array"
    if kind == "object":
        for name, prop in (schema.get("properties") or {}).items():
            _, _, prop_kind = _shape(spec, prop, f"{where} property {name}")
            if prop_kind != "primitive":
                raise MergeError(
                    f"{where}: property {name!r} is an {prop_kind}; OpenAPI defines no serialisation of a nested"
                    " value in a parameter, so the SDK cannot send it"
                )
        return ("object",), enum, "object"
    described = f"schema type {kind!r}" if kind is not None else "a schema without a type"
    raise MergeError(f"{where}: {described} cannot be serialised as a parameter by the SDK")


_STYLES = {
    "path": {"simple"},
    "query": {"form", "spaceDelimited", "pipeDelimited", "deepObject"},
    "header": {"simple"},
    "cookie": {"form"},
}


def _parameter(spec: Mapping[str, Any], declared: Mapping[str, Any], where: str) -> Parameter:
    name, location = declared.get("name"), declared.get("in")
    where = f"{where}: {location} parameter {name!r}"
    if not isinstance(name, str) or location not in _STYLES:
        raise MergeError(f"{where}: not a parameter the SDK knows (name and in: path, query, header or cookie)")
    if "content" in declared:
        raise MergeError(f"{where}: a `content`-encoded parameter cannot be serialised by the SDK; use a schema")
    if declared.get("allowReserved"):
        raise MergeError(f"{where}: allowReserved is not supported by the SDK (it percent-encodes every value)")
    style = declared.get("style", DEFAULT_STYLE[location])
    # OpenAPI defines deepObject only exploded; a page that leaves explode out means that one.
    explode = declared.get("explode", style in ("form", "deepObject"))
    if style not in _STYLES[location] or not isinstance(explode, bool):
        raise MergeError(
            f"{where}: style {style!r} (explode {explode!r}) cannot be serialised by the SDK; it sends"
            f" {', '.join(sorted(_STYLES[location]))} in the {location}"
        )
    shape, enum, kind = _shape(spec, declared.get("schema"), where)
    if location == "path" and kind != "primitive":
        raise MergeError(f"{where}: an {kind} path parameter cannot be serialised by the SDK")
    if style in ("spaceDelimited", "pipeDelimited") and kind != "array":
        raise MergeError(f"{where}: style {style} applies to arrays only, this is an {kind}")
    if style == "deepObject" and (kind != "object" or not explode):
        raise MergeError(f"{where}: style deepObject needs an object with explode: true")
    if location == "cookie" and kind != "primitive" and explode:
        raise MergeError(f"{where}: OpenAPI defines no exploded cookie of an {kind}; the SDK cannot send it")
    return Parameter(name, str(location), str(style), explode, bool(declared.get("required")), shape, enum)


def check_parameters(spec: Mapping[str, Any]) -> dict[str, list[Parameter]]:
    """operationId -> the parameters the SDK sends (the client's own auth header left out), all checked."""
    found: dict[str, list[Parameter]] = {}
    for method, path, item, operation in _operations(spec):
        where = f"{method.upper()} {path} ({operation.get('operationId')})"
        declared = _declared(spec, item, operation, where)
        found[str(operation.get("operationId"))] = [
            _parameter(spec, p, where) for p in declared if not is_client_auth(spec, operation, p)
        ]
    return found


def generator_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec the generator reads: the client's auth header dropped, other headers given as query parameters.

    Parameters are resolved and set on each operation (the path item's list removed), so each operation's
    list is complete. Nothing else changes; the package is still typed and documented from the real spec.
    """
    check_parameters(spec)  # what cannot be sent fails here, naming it, before the generator's own messages
    copied: dict[str, Any] = copy.deepcopy(dict(spec))
    for method, path, item, operation in _operations(copied):
        where = f"{method.upper()} {path} ({operation.get('operationId')})"
        declared = _declared(copied, item, operation, where)
        parameters = []
        for declared_parameter in declared:
            if is_client_auth(copied, operation, declared_parameter):
                continue
            parameter = dict(declared_parameter)
            if parameter.get("in") == "header":
                parameter["in"] = "query"
                parameter.pop("style", None)
                parameter.pop("explode", None)
            parameters.append(parameter)
        if parameters:
            operation["parameters"] = parameters
        else:
            operation.pop("parameters", None)
    for item in (copied.get("paths") or {}).values():
        if isinstance(item, dict):
            item.pop("parameters", None)
    return copied


def endpoint_modules(spec: Mapping[str, Any]) -> dict[str, tuple[str, list[Parameter]]]:
    """``api/<tag>/<operation>.py`` -> (operationId, its non-path parameters)."""
    checked = check_parameters(spec)
    modules: dict[str, tuple[str, list[Parameter]]] = {}
    for _, _, _, operation in _operations(spec):
        operation_id = str(operation.get("operationId"))
        tag = (operation.get("tags") or ["default"])[0]
        relative = f"api/{snake_case(tag)}/{snake_case(operation_id)}.py"
        modules[relative] = (operation_id, checked[operation_id])
    return modules


def _argument(parameter: Parameter, arguments: Mapping[str, ast.arg], where: str) -> ast.arg:
    """The ``_get_kwargs`` argument of ``parameter``, named as the generator names it."""
    base = str(PythonIdentifier(parameter.name, _FIELD_PREFIX))
    seen = "path" if parameter.location == "path" else ("cookie" if parameter.location == "cookie" else "query")
    for candidate in (base, f"{base}_{seen}", parameter.name):
        if candidate in arguments:
            return arguments[candidate]
    raise MergeError(
        f"{where}: no argument of the generated _get_kwargs is the {parameter.location} parameter"
        f" {parameter.name!r} (looked for {base!r}); adapt openapi/pipeline/parameters.py"
    )


def _base_annotation(annotation: ast.expr) -> str:
    text = ast.unparse(annotation)
    parts = [part.strip() for part in text.split("|")]
    return " | ".join(part for part in parts if part not in ("Unset", "None"))


def _fits(parameter: Parameter, annotation: str) -> bool:
    shape = parameter.shape
    if isinstance(shape, tuple) and shape[0] == "array":
        inner = annotation.removeprefix("list[").removesuffix("]")
        if not annotation.startswith("list[") or inner == annotation:
            return False
        return (parameter.enum and inner.isidentifier()) or inner in _ANNOTATIONS[shape[1]]
    if isinstance(shape, tuple):
        return annotation.isidentifier() and annotation not in {"str", "int", "float", "bool", "Any"}
    return (parameter.enum and annotation.isidentifier()) or annotation in _ANNOTATIONS[shape]


def _row(parameter: Parameter, argument: str) -> str:
    shape = parameter.shape if isinstance(parameter.shape, str) else tuple(parameter.shape)
    return (
        f"({argument!r}, {parameter.name!r}, {parameter.location!r}, {parameter.style!r}, {parameter.explode},"
        f" {parameter.required}, {shape!r}, {argument}),"
    )


def rewrite_parameters(module: _Module, operation_id: str, parameters: list[Parameter]) -> None:
    """Route ``_get_kwargs``'s non-path parameters through ``encode_parameters`` (see the module docstring)."""
    where = f"{module.relative} ({operation_id})"
    function = next((n for n in module.tree.body if isinstance(n, ast.FunctionDef) and n.name == "_get_kwargs"), None)
    if function is None:
        raise MergeError(f"{where}: no _get_kwargs in the generated endpoint module")
    arguments = {a.arg: a for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]}
    sent = [p for p in parameters if p.location != "path"]
    bound: dict[str, Parameter] = {}
    for parameter in parameters:
        argument = _argument(parameter, arguments, where)
        other = bound.setdefault(argument.arg, parameter)
        if other is not parameter:
            raise MergeError(
                f"{where}: the {other.location} parameter {other.name!r} and the {parameter.location} parameter"
                f" {parameter.name!r} are both argument {argument.arg!r} of the generated code; the SDK cannot"
                " tell them apart (adapt openapi/pipeline/parameters.py)"
            )
        annotation = _base_annotation(argument.annotation) if argument.annotation is not None else ""
        if not _fits(parameter, annotation):
            raise MergeError(
                f"{where}: {parameter.location} parameter {parameter.name!r} is typed {annotation!r} by the"
                f" generator, which does not fit its schema ({parameter.shape}); adapt openapi/pipeline/parameters.py"
            )
    unbound = sorted(set(arguments) - set(bound) - {"body"})
    if unbound:  # an argument nothing sends would be dropped without a word
        raise MergeError(
            f"{where}: argument(s) {', '.join(unbound)} of the generated _get_kwargs match no parameter of the"
            " spec; adapt openapi/pipeline/parameters.py"
        )
    if not sent:
        return
    body = function.body
    kwargs_at = next(
        (
            i
            for i, statement in enumerate(body)
            if isinstance(statement, ast.AnnAssign) and ast.unparse(statement.target) == "_kwargs"
        ),
        None,
    )
    if kwargs_at is None or not isinstance(body[kwargs_at], ast.AnnAssign):
        raise MergeError(f"{where}: no `_kwargs: dict[str, Any] = {{...}}` in _get_kwargs; the generator changed")
    kwargs_statement = body[kwargs_at]
    assert isinstance(kwargs_statement, ast.AnnAssign)
    literal = kwargs_statement.value
    if not isinstance(literal, ast.Dict):
        raise MergeError(f"{where}: _kwargs is not a dict literal; the generator changed")
    editor = module.editor
    after = ast.Module(body[kwargs_at:], [])
    used = {n.id for n in ast.walk(after) if isinstance(n, ast.Name)}
    has_query = any(p.location == "query" for p in sent)
    has_headers = any(p.location == "header" for p in sent)
    query = "query" if has_query else "_query"
    headers = "headers" if has_headers or "headers" in used else "_headers"
    cookies = "cookies" if "cookies" in used else "_cookies"
    rows = [_row(p, _argument(p, arguments, where).arg) for p in sent]
    indent = " " * body[0].col_offset
    code = (
        f"{indent}{query}, {headers}, {cookies} = encode_parameters(\n"
        f"{indent}    {operation_id!r},\n"
        f"{indent}    (\n" + "".join(f"{indent}        {row}\n" for row in rows) + f"{indent}    ),\n{indent})\n\n"
    )
    editor.replace(editor.offset(body[0].lineno, 0), editor.offset(kwargs_statement.lineno, 0), code)
    module.need(PARAMETERS_MODULE, "encode_parameters")
    for key, value in zip(literal.keys, literal.values, strict=True):
        if not isinstance(key, ast.Constant):  # a `**spread`: not the generator's literal
            raise MergeError(f"{where}: _kwargs spreads another mapping; the generator changed")
        name = key.value
        if name == "params":
            line = editor.data[editor.offset(key.lineno, 0) : editor.offset((value.end_lineno or 0) + 1, 0)]
            if line.decode("utf-8").strip() != '"params": params,':
                raise MergeError(f'{where}: the generator\'s `"params": params,` entry changed shape')
            editor.replace(editor.offset(key.lineno, 0), editor.offset((value.end_lineno or 0) + 1, 0), "")
        elif name == "cookies" and isinstance(value, ast.Name) and value.id == "cookies":
            # httpx warns on every per-request cookies= (deprecated), even an empty one: pass one only when set.
            editor.replace(*editor.span(value), "cookies or None")
        elif name == "url" and has_query:
            end = editor.offset(value.end_lineno or 0, value.end_col_offset or 0)
            editor.replace(end, end, f" + {query}")
    if has_headers and not any(ast.unparse(s) == "_kwargs['headers'] = headers" for s in body):
        last = body[-1]
        if not (isinstance(last, ast.Return) and ast.unparse(last) == "return _kwargs"):
            raise MergeError(f"{where}: _get_kwargs does not end with `return _kwargs`; the generator changed")
        at = editor.offset(last.lineno, 0)
        editor.replace(at, at, f'{indent}_kwargs["headers"] = headers\n')
