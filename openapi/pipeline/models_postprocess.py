"""Rewrite the generator's models and endpoints where its code reads data wrongly, for every model it emits.

openapi-python-client 0.29.1 ignores ``discriminator`` (a ``oneOf`` is parsed as the first variant that does not
raise), turns a response enum value it does not know into a ``TypeError`` that loses the whole response, and
parses date-times with ``datetime.fromisoformat``, which rejects forms RFC 3339 allows. ``postprocess`` edits
the generated source (located through its syntax tree, so a change of the generator's output fails loudly
instead of being edited wrongly) to call the package's ``_parsing`` helpers:

- ``datetime.datetime.fromisoformat(x)`` -> ``parse_datetime(x)``;
- ``check_<enum>(x)`` -> ``enum_value(x, <ENUM>_VALUES, ...)``, lenient in models a response may carry and in
  response parsing, strict in request-only models; the ``to_dict`` of a model a request may carry first checks
  its enum fields (``check_enum_fields``) and an endpoint its enum parameters (``check_enum_arguments``), so a
  bad value in user input is an error before anything is sent;
- each ``_parse_*`` function of a discriminated union -> ``parse_variant`` with the spec's mapping, the union
  widened with ``UnknownVariant`` in every annotation, and serialisation taught to write one back;
- a model's imports of other models inside ``from_dict``/``to_dict`` -> one import at the end of its module
  (``hoist_model_imports``): a relative import run on every call costs about 1 µs, several per parsed object;
- a ``_parse_*`` closure of ``from_dict`` that returns its argument whatever it is (``None`` or ``UNSET`` checks
  and a ``cast``) -> an annotated assignment at its one call (``inline_identity_parsers``): a function made and
  called, and a union type built for ``cast``, per field and object, for nothing;
- in the ``from_dict`` of a request-only model with declared properties, unknown keys are refused, naming them
  and the keys the schema defines (``_refuse_unknown_request_keys``): a field the vendor renamed would
  otherwise be sent under its old name with no error. A model a response may carry (by the spec, connection
  configs included) keeps them, nothing lost, and so does a model whose
  schema declares ``additionalProperties`` (a map, such as a connection's headers);
- in an endpoint's ``_get_kwargs``, ``quote(str(n), safe="")`` of an ``int`` path parameter -> ``str(n)``
  (``_unquoted_int_paths``): an int's text needs no quoting, and quoting costs a few µs per call.

Which models a request or a response may carry is read from the generated endpoints and the models'
references to each other, so inline models the generator names itself are covered too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openapi_python_client.strings import ClassName

from .merge import CONNECTION_TYPE_EXTENSION, MergeError

SCHEMA_REF = "#/components/schemas/"
PARSING = "_parsing"


@dataclass(frozen=True)
class Discriminated:
    """A ``oneOf``/``anyOf`` with a discriminator: which property, and which class each value names."""

    pointer: str
    property_name: str
    variants: tuple[tuple[str, str], ...]
    """(discriminator value, generated class name), sorted by value."""

    @property
    def key(self) -> frozenset[str]:
        return frozenset(cls for _, cls in self.variants)


@dataclass(frozen=True)
class EnumModule:
    module: str
    alias: str
    values: str


@dataclass
class Plan:
    unions: dict[frozenset[str], Discriminated]
    required: set[frozenset[str]]
    """Keys of the discriminated unions an operation reaches: each must be found in the generated code."""
    found: set[frozenset[str]] = field(default_factory=set)


def _class_name(schema_name: str) -> str:
    return str(ClassName(schema_name, ""))


_NAME_MAPS = frozenset({"properties", "patternProperties", "mapping"})
"""Keys whose value maps names (a property may be called ``oneOf``): walked through, never read as a schema."""
_DATA = frozenset({"example", "examples", "default", "enum", "const"})
"""Keys whose value is data, not schema: not walked."""


def _walk(node: Any, pointer: str = "", *, is_map: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if not is_map:
            yield pointer, node
        for key, value in node.items():
            if key in _DATA and not is_map:
                continue
            inner = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            yield from _walk(value, inner, is_map=key in _NAME_MAPS and not is_map)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


def _ref_name(member: Any) -> str | None:
    if isinstance(member, dict) and set(member) == {"$ref"} and str(member["$ref"]).startswith(SCHEMA_REF):
        return str(member["$ref"])[len(SCHEMA_REF) :]
    return None


def discriminated_unions(spec: Mapping[str, Any]) -> Plan:
    """Every discriminated union of ``spec``; a ``MergeError`` naming the schema where one cannot be honoured."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    unions: dict[frozenset[str], Discriminated] = {}
    for pointer, node in _walk(spec):
        if "discriminator" not in node or not isinstance(node.get("discriminator"), dict):
            continue
        members = node.get("oneOf") or node.get("anyOf")
        where = f"{pointer or '/'}"
        if not isinstance(members, list):
            raise MergeError(
                f"{where}: a discriminator outside oneOf/anyOf (allOf inheritance) cannot be generated; list the"
                " variants in a oneOf with this discriminator (openapi/merge-config.yaml) or drop it"
            )
        names = [_ref_name(member) for member in members]
        if None in names or len(set(names)) < 2:
            raise MergeError(
                f"{where}: a discriminated oneOf needs two or more $ref variants (inline variants have no name"
                " the discriminator could map to)"
            )
        ref_names = [name for name in names if name is not None]
        for name in ref_names:
            target = schemas.get(name)
            if not isinstance(target, dict):
                raise MergeError(f"{where}: variant {name!r} is not a schema of components/schemas")
            if "oneOf" in target or "anyOf" in target or "enum" in target:
                raise MergeError(f"{where}: variant {name!r} is not an object schema; cannot dispatch to it")
        discriminator = node["discriminator"]
        property_name = discriminator.get("propertyName")
        if not isinstance(property_name, str) or not property_name:
            raise MergeError(f"{where}: discriminator without a propertyName")
        variants: dict[str, str] = {}
        mapped: set[str] = set()
        for value, target in (discriminator.get("mapping") or {}).items():
            target_name = str(target)[len(SCHEMA_REF) :] if str(target).startswith(SCHEMA_REF) else str(target)
            if target_name not in ref_names:
                raise MergeError(f"{where}: discriminator value {value!r} maps to {target!r}, which is not a variant")
            variants[str(value)] = _class_name(target_name)
            mapped.add(target_name)
        for name in ref_names:
            if name not in mapped:  # OpenAPI: an unmapped variant is named by its schema name
                variants.setdefault(name, _class_name(name))
        union = Discriminated(where, property_name, tuple(sorted(variants.items())))
        other = unions.get(union.key)
        if other and (other.property_name, other.variants) != (union.property_name, union.variants):
            raise MergeError(
                f"{where} and {other.pointer}: the same variants with different discriminators; generated code"
                " cannot tell the two unions apart"
            )
        unions.setdefault(union.key, union)
    for pointer, node in _walk(spec):
        members = node.get("oneOf") or node.get("anyOf")
        if not isinstance(members, list) or "discriminator" in node:
            continue
        refs = {_ref_name(member) for member in members}
        for ref in refs - {None}:
            inner = schemas.get(str(ref), {})
            if isinstance(inner, dict) and "discriminator" in inner:
                raise MergeError(
                    f"{pointer}: a oneOf containing the discriminated union {ref!r} is flattened by the generator"
                    " and would lose its discriminator; give this union the discriminator or reference the variants"
                )
        classes = frozenset(_class_name(str(ref)) for ref in refs)
        if None not in refs and classes in unions:
            twin = unions[classes]
            raise MergeError(
                f"{pointer}: the same variants as the discriminated union at {twin.pointer} but no discriminator;"
                " generated code cannot tell the two apart: add the discriminator"
            )
    return Plan(unions, {union.key for union in _reachable_discriminated(spec, unions)})


def _reachable_discriminated(spec: Mapping[str, Any], unions: Mapping[frozenset[str], Discriminated]) -> list[Any]:
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    by_pointer = {union.pointer: union for union in unions.values()}
    seen: set[str] = set()
    found = []
    stack: list[tuple[str, Any]] = [("/paths", spec.get("paths", {}))]
    while stack:
        pointer, node = stack.pop()
        for inner_pointer, inner in _walk(node, pointer):
            if inner_pointer in by_pointer:
                found.append(by_pointer[inner_pointer])
            name = _ref_name(inner) if "$ref" in inner else None
            if name is not None and name not in seen:
                seen.add(name)
                stack.append((f"/components/schemas/{name}", schemas.get(name, {})))
    return found


# --- the generated code ---------------------------------------------------------------------------------------


def _enum_modules(models: Path) -> dict[str, EnumModule]:
    """``check_<enum>`` function name -> where its values live, for every literal enum module."""
    found: dict[str, EnumModule] = {}
    for path in sorted(models.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id in {"Enum", "IntEnum", "StrEnum"} for base in node.bases
            ):
                raise MergeError(
                    f"models/{path.name}: enum classes are not post-processed; generator-config.yaml must keep"
                    " `literal_enums: true`"
                )
        checks = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("check_")]
        if not checks:
            continue
        values = [
            n.target.id
            for n in tree.body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id.endswith("_VALUES")
        ]
        aliases = [
            n.targets[0].id
            for n in tree.body
            if isinstance(n, ast.Assign)
            and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Subscript)
            and getattr(n.value.value, "id", None) == "Literal"
        ]
        if len(checks) != 1 or len(values) != 1 or len(aliases) != 1:
            raise MergeError(
                f"models/{path.name}: expected one Literal alias, one *_VALUES set and one check_ function"
            )
        found[checks[0]] = EnumModule(path.stem, aliases[0], values[0])
    return found


def _model_classes(models: Path) -> dict[str, str]:
    """Generated model class name -> module stem."""
    classes: dict[str, str] = {}
    for path in sorted(models.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and any(
                getattr(decorator, "id", None) == "_attrs_define" for decorator in node.decorator_list
            ):
                classes[node.name] = path.stem
    return classes


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _directions(package: Path, classes: Mapping[str, str]) -> tuple[set[str], set[str]]:
    """(models a response may carry, models a request may carry), closed over the models' references."""
    references: dict[str, set[str]] = {}
    for name, module in classes.items():
        tree = ast.parse((package / "models" / f"{module}.py").read_text(encoding="utf-8"))
        references[name] = (_names(tree) & set(classes)) - {name}
    responses: set[str] = set()
    requests: set[str] = set()
    for path in sorted((package / "api").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name == "_parse_response":
                responses |= _names(node) & set(classes)
            elif isinstance(node, ast.FunctionDef) and node.name == "_get_kwargs":
                requests |= _names(node.args) & set(classes)

    def close(roots: set[str]) -> set[str]:
        todo, done = list(roots), set(roots)
        while todo:
            for ref in references.get(todo.pop(), set()) - done:
                done.add(ref)
                todo.append(ref)
        return done

    return close(responses), close(requests)


class _Editor:
    """Byte-offset edits of one module's source (``ast`` offsets are UTF-8 byte columns)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.starts = [0]
        for line in self.data.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.edits: list[tuple[int, int, str]] = []

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        return start, self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def source(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.data[start:end].decode("utf-8")

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append((start, end, text))

    def covered(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in self.edits)

    def result(self) -> str:
        data = self.data
        last = len(data) + 1
        for start, end, text in sorted(self.edits, reverse=True):
            if end > last:
                raise MergeError(f"post-processing: overlapping edits at byte {start}")
            data = data[:start] + text.encode("utf-8") + data[end:]
            last = start
        return data.decode("utf-8")


def _union_chains(node: ast.AST) -> Iterator[ast.BinOp]:
    """Maximal ``A | B | ...`` chains inside an annotation."""
    inner: set[int] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.BinOp) and isinstance(child.op, ast.BitOr):
            for side in (child.left, child.right):
                if isinstance(side, ast.BinOp) and isinstance(side.op, ast.BitOr):
                    inner.add(id(side))
    for child in ast.walk(node):
        if isinstance(child, ast.BinOp) and isinstance(child.op, ast.BitOr) and id(child) not in inner:
            yield child


def _operands(chain: ast.expr) -> list[ast.expr]:
    if isinstance(chain, ast.BinOp) and isinstance(chain.op, ast.BitOr):
        return [*_operands(chain.left), *_operands(chain.right)]
    return [chain]


_ITEM = re.compile(r"(_item)+$")


def _where(owner: str, function: str) -> str:
    suffix = function.removeprefix("_parse_")
    match = _ITEM.search(suffix)
    if match:
        suffix = suffix[: match.start()] + "[]" * (len(match.group()) // len("_item"))
    return f"{owner}.{suffix}"


@dataclass
class _Module:
    path: Path
    relative: str
    tree: ast.Module
    editor: _Editor
    imports: dict[str, set[str]] = field(default_factory=dict)

    def need(self, module: str, name: str) -> None:
        self.imports.setdefault(module, set()).add(name)


def _annotations(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            yield node.annotation
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            yield node.returns
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "cast" and node.args:
            yield node.args[0]


def _owner(stack: list[ast.AST], module: _Module) -> str:
    for node in reversed(stack):
        if isinstance(node, ast.ClassDef):
            return node.name
    return module.path.stem


def _with_parents(tree: ast.AST) -> Iterator[tuple[ast.AST, list[ast.AST]]]:
    stack: list[tuple[ast.AST, list[ast.AST]]] = [(tree, [])]
    while stack:
        node, parents = stack.pop()
        yield node, parents
        stack.extend((child, [*parents, node]) for child in ast.iter_child_nodes(node))


def _rewrite_unions(module: _Module, plan: Plan, strict_of: Mapping[str, bool]) -> None:
    editor = module.editor
    variant_classes = set().union(*plan.unions) if plan.unions else set()
    for node, parents in _with_parents(module.tree):
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("_parse_") and node.returns):
            continue
        if [a.arg for a in node.args.args] != ["data"]:
            continue
        chain_names = _names(node.returns)
        key = frozenset(chain_names & variant_classes)
        union = plan.unions.get(key)
        if union is None or chain_names - key - {"None", "Unset"}:
            continue
        body = list(node.body)
        while body and _is_guard(body[0]):  # `if data is None: return data` and the like stay
            body.pop(0)
        if not body or not _names(ast.Module(body, [])) >= key:
            raise MergeError(f"{module.relative}: {node.name} does not look like a generated union parser")
        plan.found.add(key)
        module.need(PARSING, "parse_variant")
        indent = " " * body[0].col_offset
        mapping = ", ".join(f"{value!r}: {cls}" for value, cls in union.variants)
        owner = _owner(parents, module)
        where = _where(owner, node.name)
        strict = strict_of.get(owner, False)  # endpoints parse responses only
        annotation = _widened(editor.source(node.returns), node.returns, key, editor)
        start = editor.offset(body[0].lineno, 0)
        end = editor.offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
        editor.replace(
            start,
            end,
            f"{indent}parsed: {annotation} = parse_variant(\n"
            f"{indent}    data, {where!r}, {union.property_name!r}, {{{mapping}}}, strict={strict}\n"
            f"{indent})\n{indent}return parsed",
        )
    # Every annotation naming all of a union's variants also admits the kept unknown one.
    for annotated in _annotations(module.tree):
        for chain in _union_chains(annotated):
            operands = _operands(chain)
            members = {getattr(o, "id", None) for o in operands}
            for key in plan.unions:
                if key <= members:
                    start, end = editor.span(chain)
                    if editor.covered(start, end):
                        continue
                    last = max(
                        (o for o in operands if getattr(o, "id", None) in key), key=lambda o: (o.lineno, o.col_offset)
                    )
                    _, at = editor.span(last)
                    editor.replace(at, at, " | UnknownVariant")
                    module.need(PARSING, "UnknownVariant")
                    plan.found.add(key)
                    break
    # Serialising a union: its first isinstance test also takes UnknownVariant (whose to_dict is alike), and after
    # the chain the member's discriminator must name its class (filled in when it is unset).
    for node, parents in _with_parents(module.tree):
        parent = parents[-1] if parents else None
        if not isinstance(node, ast.If) or (isinstance(parent, ast.If) and parent.orelse == [node]):
            continue
        union, first = _serialised_union(node, plan, variant_classes)
        if union is None or first is None:
            continue
        tested = first.test.args[1]  # type: ignore[attr-defined]
        start, end = editor.span(tested)
        if editor.covered(start, end):
            continue
        editor.replace(start, end, f"({editor.source(tested)}, UnknownVariant)")
        value = editor.source(first.test.args[0])  # type: ignore[attr-defined]
        assigned = first.body[0].targets[0]  # type: ignore[attr-defined]
        owner = _owner(parents, module)
        if isinstance(assigned, ast.Name):
            where = _where(owner, f"_parse_{assigned.id}")
        else:
            where = f"{owner}: body" if module.relative.startswith("api/") else f"{owner}[...]"
        names = ", ".join(f"{key!r}: {cls!r}" for key, cls in union.variants)
        at = editor.offset((node.end_lineno or node.lineno) + 1, 0)
        indent = " " * node.col_offset
        editor.replace(
            at,
            at,
            f"{indent}check_variant({value}, {editor.source(assigned)}, {where!r}, {union.property_name!r},"
            f" {{{names}}})\n",
        )
        module.need(PARSING, "UnknownVariant")
        module.need(PARSING, "check_variant")


def _serialised_union(top: ast.If, plan: Plan, classes: set[str]) -> tuple[Discriminated | None, ast.If | None]:
    """The discriminated union an ``if``/``elif`` chain serialises, and its first variant branch.

    The chain must test every variant, or all but one with an ``else`` serialising the last one: a chain
    testing one model of a nullable field is no union, even when that model is a variant elsewhere.
    """
    tested: list[tuple[str, ast.If]] = []
    branch: ast.stmt | None = top
    last_else: list[ast.stmt] = []
    while isinstance(branch, ast.If):
        name = _variant_test(branch, classes)
        if name is not None:
            tested.append((name.id, branch))
        last_else = branch.orelse
        branch = branch.orelse[0] if len(branch.orelse) == 1 else None
    if not tested:
        return None, None
    seen = {name for name, _ in tested}
    else_serialises = (
        len(last_else) == 1
        and isinstance(last_else[0], ast.Assign)
        and isinstance(last_else[0].value, ast.Call)
        and getattr(last_else[0].value.func, "attr", None) == "to_dict"
    )
    keys = [key for key in plan.unions if seen == key or (else_serialises and seen < key and len(key - seen) == 1)]
    return (plan.unions[keys[0]], tested[0][1]) if len(keys) == 1 else (None, None)


def _is_guard(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.If)
        and not statement.orelse
        and len(statement.body) == 1
        and isinstance(statement.body[0], ast.Return)
        and getattr(statement.body[0].value, "id", None) == "data"
    )


def _widened(text: str, node: ast.expr, key: frozenset[str], editor: _Editor) -> str:
    operands = _operands(node)
    last = max((o for o in operands if getattr(o, "id", None) in key), key=lambda o: (o.lineno, o.col_offset))
    cut = editor.span(last)[1] - editor.span(node)[0]
    raw = text.encode("utf-8")
    return (raw[:cut] + b" | UnknownVariant" + raw[cut:]).decode("utf-8")


def _variant_test(node: ast.If, classes: set[str]) -> ast.Name | None:
    """The class of an ``if isinstance(x, Variant): ... = x.to_dict()`` branch serialising a union member."""
    test = node.test
    if not (
        isinstance(test, ast.Call)
        and getattr(test.func, "id", None) == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[1], ast.Name)
        and test.args[1].id in classes
        and len(node.body) == 1
        and isinstance(node.body[0], ast.Assign)
        and isinstance(node.body[0].value, ast.Call)
        and getattr(node.body[0].value.func, "attr", None) == "to_dict"
    ):
        return None
    return test.args[1]


_DATETIME_PARSERS = {"datetime.datetime.fromisoformat", "isoparse", "dateutil.parser.isoparse"}


def _rewrite_datetimes(module: _Module) -> None:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in _DATETIME_PARSERS:
            start, end = module.editor.span(node.func)
            module.editor.replace(start, end, "parse_datetime")
            module.need(PARSING, "parse_datetime")
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("_parse_") and node.returns is not None:
            # A nullable date-time's parser ends `return cast(datetime | None | Unset, data)`: a string that is no
            # date-time would sit in a datetime field unannounced. Parsing it again raises the error instead.
            members = {ast.unparse(member) for member in _operands(node.returns)}
            last = node.body[-1]
            parses = any(isinstance(n, ast.Call) and ast.unparse(n.func) in _DATETIME_PARSERS for n in ast.walk(node))
            if (
                parses
                and members <= {"datetime.datetime", "None", "Unset"}
                and isinstance(last, ast.Return)
                and isinstance(last.value, ast.Call)
                and getattr(last.value.func, "id", None) == "cast"
            ):
                module.editor.replace(*module.editor.span(last.value), "parse_datetime(data)")


def _rewrite_enums(module: _Module, enums: Mapping[str, EnumModule], strict_of: Mapping[str, bool]) -> None:
    for node, parents in _with_parents(module.tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in enums and len(node.args) == 1):
            continue
        enum = enums[node.func.id]  # type: ignore[attr-defined]
        owner = _owner(parents, module)
        target = next(
            (p.targets[0] for p in reversed(parents) if isinstance(p, ast.Assign) and len(p.targets) == 1), None
        )
        field_name = re.sub(r"_type_\d+$", "", getattr(target, "id", "value"))
        where = _where(owner, f"_parse_{field_name}")
        if module.relative.startswith("api/"):  # an endpoint parses its responses leniently, nothing else
            strict = not any(getattr(p, "name", None) == "_parse_response" for p in parents)
        else:
            strict = strict_of.get(owner, True)
        module.editor.replace(
            *module.editor.span(node),
            f"enum_value({module.editor.source(node.args[0])}, {enum.values}, {enum.alias!r}, {where!r},"
            f" strict={strict})",
        )
        module.need(PARSING, "enum_value")
        module.need(f"models.{enum.module}", enum.values)


def _check_request_enums(module: _Module, enums: Mapping[str, EnumModule], requests: set[str]) -> None:
    aliases = {enum.alias: enum for enum in enums.values()}
    for cls in module.tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name in requests):
            continue
        fields: dict[str, list[EnumModule]] = {}
        for statement in cls.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                used = sorted(_names(statement.annotation) & set(aliases))
                if used and statement.target.id != "additional_properties":
                    fields[statement.target.id] = [aliases[name] for name in used]
        to_dict = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "to_dict"), None)
        if not fields:
            continue
        if to_dict is None:
            raise MergeError(f"{module.relative}: {cls.name} has enum fields but no to_dict")
        entries = []
        for name, kinds in fields.items():
            for enum in kinds:
                module.need(f"models.{enum.module}", enum.values)
            values = kinds[0].values if len(kinds) == 1 else "{" + ", ".join(f"*{e.values}" for e in kinds) + "}"
            entries.append(f"{name!r}: {values}")
        first = to_dict.body[0]
        at = module.editor.offset(first.lineno, 0)
        indent = " " * first.col_offset
        module.editor.replace(at, at, f"{indent}check_enum_fields(self, {{{', '.join(entries)}}})\n\n")
        module.need(PARSING, "check_enum_fields")


def _check_enum_arguments(module: _Module, enums: Mapping[str, EnumModule]) -> None:
    aliases = {enum.alias: enum for enum in enums.values()}
    for function in module.tree.body:
        if not (isinstance(function, ast.FunctionDef) and function.name == "_get_kwargs"):
            continue
        arguments = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
        entries = []
        for argument in arguments:
            used = sorted(_names(argument.annotation) & set(aliases)) if argument.annotation else []
            if not used or argument.arg == "body":  # a body model checks itself in to_dict
                continue
            for name in used:
                module.need(f"models.{aliases[name].module}", aliases[name].values)
            values = (
                aliases[used[0]].values
                if len(used) == 1
                else "{" + ", ".join(f"*{aliases[n].values}" for n in used) + "}"
            )
            entries.append(f"{argument.arg!r}: ({argument.arg}, {values})")
        if entries:
            first = function.body[0]
            at = module.editor.offset(first.lineno, 0)
            indent = " " * first.col_offset
            operation = module.path.stem
            module.editor.replace(at, at, f"{indent}check_enum_arguments({operation!r}, {{{', '.join(entries)}}})\n\n")
            module.need(PARSING, "check_enum_arguments")


def _unquoted_int_paths(module: _Module) -> None:
    """``quote(str(n), safe="")`` of an ``int`` path parameter -> ``str(n)``: digits and ``-`` need no quoting.

    The quoting of every path parameter is a few µs per call in Python code; strings keep it.
    """
    for function in module.tree.body:
        if not (isinstance(function, ast.FunctionDef) and function.name == "_get_kwargs"):
            continue
        arguments = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
        ints = {a.arg for a in arguments if a.annotation is not None and ast.unparse(a.annotation) == "int"}
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "quote"):
                continue
            inner = node.args[0] if len(node.args) == 1 else None
            if not (
                isinstance(inner, ast.Call)
                and ast.unparse(inner.func) == "str"
                and len(inner.args) == 1
                and isinstance(inner.args[0], ast.Name)
                and inner.args[0].id in ints
                and [(k.arg, ast.unparse(k.value)) for k in node.keywords] == [("safe", "''")]
            ):
                continue
            start, end = module.editor.span(node)
            module.editor.replace(start, end, f"str({inner.args[0].id})")


def _add_imports(module: _Module, package_depth: int) -> None:
    if not module.imports:
        return
    prefix = "." * package_depth
    body = module.tree.body
    index = 0
    while index < len(body) and (
        isinstance(body[index], ast.Import | ast.ImportFrom)
        or (isinstance(body[index], ast.Expr) and isinstance(getattr(body[index], "value", None), ast.Constant))
    ):
        index += 1
    if index == 0:
        raise MergeError(f"{module.relative}: no imports to extend")
    previous = body[index - 1]
    at = module.editor.offset((previous.end_lineno or previous.lineno) + 1, 0)
    lines = "".join(
        f"from {prefix}{name} import {', '.join(sorted(names))}\n" for name, names in sorted(module.imports.items())
    )
    module.editor.replace(at, at, lines)


def hoist_model_imports(path: Path) -> None:
    """Move the function-level ``from ..models.x import X`` of a model module to the end of the module.

    The generator puts them in the functions because models import each other (a cycle at the top would fail).
    At the end they run once, after this module's classes exist, so a cycle finds what it imports.
    """
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    spans: list[tuple[int, int]] = []
    imports: dict[str, set[str]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if not (isinstance(node, ast.ImportFrom) and node.level == 2 and (node.module or "").startswith("models.")):
                continue
            if any(alias.asname for alias in node.names):
                raise MergeError(f"{path.name}: line {node.lineno}: an aliased model import; adapt hoist_model_imports")
            spans.append((node.lineno, node.end_lineno or node.lineno))
            if node.module != f"models.{path.stem}":
                imports.setdefault(str(node.module), set()).update(alias.name for alias in node.names)
    if not spans:
        return
    lines = text.splitlines(keepends=True)
    for first, last in sorted(spans, reverse=True):
        del lines[first - 1 : last]
    tail = [
        "\n\n# Imported last, once: the models import each other, and this module's classes exist by now.\n",
        *(
            f"from ..{module} import {', '.join(sorted(names))}  # noqa: E402\n"
            for module, names in sorted(imports.items())
        ),
    ]
    path.write_text("".join(lines).rstrip("\n") + "\n" + ("".join(tail) if imports else ""), encoding="utf-8")


def _is_data(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Name) and node.id == "data"


def _returns_data(body: list[ast.stmt]) -> bool:
    return len(body) == 1 and isinstance(body[0], ast.Return) and _is_data(body[0].value)


def _is_cast_of(node: ast.AST | None, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "cast"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id == name
    )


def _is_guard_of_data(statement: ast.stmt) -> bool:
    """``if data is None: return data``, ``if isinstance(data, Unset): return data``."""
    if not isinstance(statement, ast.If) or statement.orelse or not _returns_data(statement.body):
        return False
    test = statement.test
    if isinstance(test, ast.Compare):
        return _is_data(test.left) and isinstance(test.ops[0], ast.Is) and ast.unparse(test.comparators[0]) == "None"
    return ast.unparse(test) == "isinstance(data, Unset)"


def _is_checked_cast(statement: ast.stmt) -> bool:
    """``try: <type check raising TypeError>; x = cast(T, data); return x / except (...): pass``: data either way."""
    if not isinstance(statement, ast.Try) or statement.orelse or statement.finalbody:
        return False
    if not all(len(h.body) == 1 and isinstance(h.body[0], ast.Pass) for h in statement.handlers):
        return False
    *checks, assign, returned = statement.body
    if not (
        isinstance(assign, ast.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and _is_cast_of(assign.value, "data")
        and isinstance(returned, ast.Return)
        and isinstance(returned.value, ast.Name)
        and returned.value.id == assign.targets[0].id
    ):
        return False
    return all(
        isinstance(check, ast.If)
        and not check.orelse
        and ast.unparse(check.test).startswith("not isinstance(data, ")
        and len(check.body) == 1
        and ast.unparse(check.body[0]) == "raise TypeError()"
        for check in checks
    )


def _is_identity(function: ast.FunctionDef) -> bool:
    if [a.arg for a in function.args.args] != ["data"] or function.decorator_list or function.returns is None:
        return False
    *head, last = function.body
    if not (isinstance(last, ast.Return) and _is_cast_of(last.value, "data")):
        return False
    return all(_is_guard_of_data(statement) or _is_checked_cast(statement) for statement in head)


def inline_identity_parsers(path: Path) -> None:
    """Replace each identity ``_parse_*`` closure of ``from_dict`` by an annotated assignment (see the docstring)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    editor = _Editor(text)
    for method in ast.walk(tree):
        if not (isinstance(method, ast.FunctionDef) and method.name == "from_dict"):
            continue
        closures = {
            node.name: node
            for node in method.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_parse_") and _is_identity(node)
        }
        calls: dict[str, list[ast.Call]] = {}
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in closures:
                calls.setdefault(node.func.id, []).append(node)
        assignments = {
            id(statement.value): statement
            for statement in method.body
            if isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        }
        for name, function in closures.items():
            used = calls.get(name, [])
            if len(used) != 1 or len(used[0].args) != 1 or used[0].keywords or id(used[0]) not in assignments:
                continue  # called otherwise than once, as `x = _parse_x(value)`: left as generated
            statement = assignments[id(used[0])]
            target = statement.targets[0]
            if not isinstance(target, ast.Name) or function.returns is None:  # both ruled out above; narrows types
                continue
            returns = ast.unparse(function.returns)
            # An annotated assignment costs nothing at run time; cast(None | str, x) builds the union each call.
            start, end = editor.span(statement)
            editor.replace(start, end, f"{target.id}: {returns} = {editor.source(used[0].args[0])}")
            first = editor.offset(function.lineno, 0)
            last = editor.offset((function.end_lineno or function.lineno) + 1, 0)
            while editor.data[last : last + 1] == b"\n":  # the blank line the generator leaves after a closure
                last += 1
            editor.replace(first, last, "")
    if editor.edits:
        path.write_text(editor.result(), encoding="utf-8")


def _lenient_models(spec: Mapping[str, Any]) -> set[str]:
    """Class names of component schemas whose models must keep unknown keys.

    Those a response may carry by the spec, connection configs among them (a response's ``IntegrationDto.config``
    is untyped in the spec, and the hand-written ``IntegrationDto`` parses it with the config models), and those
    that declare ``additionalProperties`` (true or a schema): maps by design.
    """
    schemas = spec.get("components", {}).get("schemas", {})
    roots = {
        ref
        for item in spec.get("paths", {}).values()
        if isinstance(item, Mapping)
        for operation in item.values()
        if isinstance(operation, Mapping)
        for ref in _schema_refs(operation.get("responses", {}))
    } | {
        name for name, schema in schemas.items() if isinstance(schema, Mapping) and CONNECTION_TYPE_EXTENSION in schema
    }
    reachable, todo = set(roots), list(roots)
    while todo:
        for ref in _schema_refs(schemas.get(todo.pop(), {})) - reachable:
            reachable.add(ref)
            todo.append(ref)
    declared_open = {
        name
        for name, schema in schemas.items()
        if isinstance(schema, Mapping) and schema.get("additionalProperties", False) is not False
    }
    return {_class_name(name) for name in reachable | declared_open}


def _schema_refs(node: Any) -> set[str]:
    found: set[str] = set()
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, Mapping):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
                found.add(ref[len(SCHEMA_REF) :])
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


def _refuse_unknown_request_keys(module: _Module, strict_of: Mapping[str, bool], lenient: set[str]) -> None:
    """In a request-only model's ``from_dict``, raise on keys left over, before they become additional properties."""
    for cls in module.tree.body:
        if not (isinstance(cls, ast.ClassDef) and strict_of.get(cls.name) and cls.name not in lenient):
            continue
        method = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "from_dict"), None)
        if method is None:
            continue
        known = sorted(
            {
                node.args[0].value
                for node in ast.walk(method)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "pop"
                and ast.unparse(node.func.value) == "d"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            }
        )
        if not known:
            continue  # no declared property: the model is a map, its keys are its content
        for statement in method.body:
            if (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Attribute)
                and statement.targets[0].attr == "additional_properties"
                and ast.unparse(statement.value) == "d"
            ):
                start, _ = module.editor.span(statement)
                indent = " " * statement.col_offset
                defined = ", ".join(known)
                module.editor.replace(
                    start,
                    start,
                    f"if d:\n{indent}    raise ValueError(\n"
                    f"{indent}        f\"{cls.name}: unknown key(s) {{', '.join(sorted(map(repr, d)))}}; \"\n"
                    f'{indent}        "its schema defines {defined}"\n'
                    f"{indent}    )\n{indent}",
                )
                break
        else:
            raise MergeError(
                f"{module.relative}: {cls.name}.from_dict no longer assigns its leftover keys to "
                "additional_properties (did the generator's output change?); unknown keys would not be refused"
            )


def postprocess(package: Path, spec: Mapping[str, Any]) -> None:
    """Rewrite the generated ``package`` in place (see the module docstring). Deterministic."""
    plan = discriminated_unions(spec)
    models = package / "models"
    enums = _enum_modules(models)
    classes = _model_classes(models)
    responses, requests = _directions(package, classes)
    strict_of = {name: name not in responses for name in classes}
    lenient = _lenient_models(spec)
    paths = sorted(models.glob("*.py")) + sorted((package / "api").rglob("*.py"))
    for path in paths:
        relative = path.relative_to(package).as_posix()
        if path.name == "__init__.py":
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        module = _Module(path, relative, tree, _Editor(text))
        _rewrite_unions(module, plan, strict_of)
        _rewrite_datetimes(module)
        _rewrite_enums(module, enums, strict_of)
        _check_request_enums(module, enums, requests)
        _check_enum_arguments(module, enums)
        _unquoted_int_paths(module)
        _refuse_unknown_request_keys(module, strict_of, lenient)
        _add_imports(module, len(path.relative_to(package).parts))
        if module.editor.edits:
            path.write_text(module.editor.result(), encoding="utf-8")
        if path.parent == models:
            hoist_model_imports(path)
            inline_identity_parsers(path)
    missing = plan.required - plan.found
    if missing:
        names = ", ".join(sorted(plan.unions[key].pointer for key in missing))
        raise MergeError(
            f"discriminated union(s) {names}: not found in the generated code (did the generator's output change?);"
            " their discriminator would be ignored"
        )
