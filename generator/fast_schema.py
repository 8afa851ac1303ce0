"""A fast yes/no JSON Schema check for the keywords the atlas schemas use.

Input: a JSON Schema (draft 2020-12) as loaded from ``data/schema/``, the documents its
``$ref``s may name, and the checks for the custom ``x-...`` keywords. Output: a
``FastSchema`` whose ``is_valid(instance)`` answers only "is this valid?", as
``jsonschema`` would, but about twenty times faster: the schema is turned once into nested
Python functions, with every ``$ref`` resolved at that time.

    fast = compile_schema(schemas["ports"], {"common.schema.json": schemas["common"]})
    fast.is_valid(value)          # -> True or False
    fast.check_for(subschema)     # the check of one subschema dict, or None

It never explains *why* a value is invalid: the validator asks ``jsonschema`` for the
detailed errors of whatever this says is invalid. A keyword it does not know raises
``UnsupportedSchema`` when compiling, so a schema it cannot fully check is checked by
``jsonschema`` alone and nothing is ever accepted by mistake.

JSON semantics kept: true/false are not numbers; 1.0 is an integer; ``minLength`` and
``maxLength`` count code points; ``pattern`` matches anywhere (``re.search``); ``enum``
compares like ``jsonschema`` (1 equals 1.0, true does not equal 1).
"""
from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urljoin

Check = Callable[[Any], bool]
# Builds the check for one custom keyword from its value; None means "always valid".
KeywordFactory = Callable[[Any], "Check | None"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
# Keywords with no effect on validity.
ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "enumDescriptions", "default"})
ASSERTIONS = frozenset({
    "type", "properties", "required", "additionalProperties", "items", "minItems", "minLength", "maxLength",
    "pattern", "enum", "minimum", "maximum", "oneOf", "anyOf", "not", "dependentRequired", "$ref",
    "minProperties", "propertyNames",
})
STRUCTURE = frozenset({"$schema", "$defs"})  # $defs is only a place for $ref targets


class UnsupportedSchema(ValueError):
    """The schema uses something this module cannot check: use jsonschema instead."""


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def _is_number(x: Any) -> bool:
    t = type(x)
    if t is int or t is float:
        return True
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


def _is_integer(x: Any) -> bool:
    t = type(x)
    if t is int:
        return True
    if t is float:
        return x.is_integer()
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


TYPE_CHECKS: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}
# Which kind of instance a type's own keywords apply to.
KIND_OF_TYPE = {"object": "object", "array": "array", "string": "string", "number": "number",
                "integer": "number"}


def _unbool(x: Any, true: Any = object(), false: Any = object()) -> Any:
    return true if x is True else false if x is False else x


def json_equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema's ``enum`` means it (jsonschema's ``equal``)."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, (list, tuple)) and isinstance(two, (list, tuple)):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(k in two and json_equal(v, two[k]) for k, v in one.items())
    return _unbool(one) == _unbool(two)


def _all_of(checks: list[Check | None]) -> Check | None:
    """One check that passes when every given check passes (None entries always pass)."""
    checks = [c for c in checks if c is not None and c is not _always]
    if not checks:
        return None
    if any(c is _never for c in checks):
        return _never
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda x: a(x) and b(x)
    if len(checks) == 3:
        a, b, c = checks
        return lambda x: a(x) and b(x) and c(x)
    chain = tuple(checks)

    def all_pass(x: Any) -> bool:
        for check in chain:
            if not check(x):
                return False
        return True
    return all_pass


def _guarded(kind: str, check: Check | None) -> Check | None:
    """``check`` applied only to instances of ``kind``; others pass, as in JSON Schema."""
    if check is None:
        return None
    if kind == "object":
        return lambda x: not isinstance(x, dict) or check(x)
    if kind == "array":
        return lambda x: not isinstance(x, list) or check(x)
    if kind == "string":
        return lambda x: not isinstance(x, str) or check(x)
    return lambda x: not _is_number(x) or check(x)


class FastSchema:
    """A compiled schema: ``is_valid`` for the whole, ``check_for`` for any compiled subschema."""

    def __init__(self, root: Any, check: Check, checks: dict[int, tuple[Any, Check]]):
        self.root = root
        self.is_valid: Check = check
        self._checks = checks  # id(subschema) -> (subschema, check); holding the dict keeps its id unique

    @property
    def checks(self) -> Mapping[int, tuple[Any, Check]]:
        """Every compiled subschema: id(subschema) -> (subschema, its check)."""
        return self._checks

    def check_for(self, subschema: Any) -> Check | None:
        """The check compiled for this very subschema object, or None if it was not compiled."""
        found = self._checks.get(id(subschema))
        return found[1] if found is not None and found[0] is subschema else None


def compile_schema(schema: Any, resources: Mapping[str, Any] | None = None,
                   keywords: Mapping[str, KeywordFactory] | None = None, base: str = "") -> FastSchema:
    """Compile ``schema`` (found at URI ``base``); ``resources`` maps URIs to the documents ``$ref`` may name.

    ``keywords`` maps each custom keyword to a factory that returns its check from the keyword's
    value (the check must let instances of other types pass, like any JSON Schema keyword).
    Raises ``UnsupportedSchema`` for any other keyword, an unresolvable or unsupported ``$ref``,
    or a type or value this module does not understand.
    """
    try:
        return _Compiler(resources or {}, keywords or {}).compile_root(schema, base)
    except UnsupportedSchema:
        raise
    except (TypeError, ValueError, AttributeError, re.error, RecursionError) as exc:  # a malformed schema
        raise UnsupportedSchema(f"cannot compile the schema: {exc}") from exc


class _Compiler:
    def __init__(self, resources: Mapping[str, Any], keywords: Mapping[str, KeywordFactory]):
        self.resources = resources
        self.keywords = keywords
        self.known = ANNOTATIONS | ASSERTIONS | STRUCTURE | set(keywords)
        self.done: dict[int, tuple[Any, Check]] = {}
        self.pending: dict[int, list] = {}  # subschemas being compiled: a cell for the finished check

    def compile_root(self, schema: Any, base: str) -> FastSchema:
        check = self.node(schema, schema, base, "#")
        return FastSchema(schema, check, self.done)

    # -- one subschema -------------------------------------------------------------------------------------
    def node(self, schema: Any, doc: Any, base: str, where: str) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"{where}: a schema must be an object or a boolean, not {schema!r}")
        key = id(schema)
        if key in self.done:
            return self.done[key][1]
        if key in self.pending:  # a $ref cycle: call the check once it exists
            cell = self.pending[key]
            return lambda x: cell[0](x)
        cell: list = [None]
        self.pending[key] = cell
        try:
            check = self.build(schema, doc, base, where) or _always
        finally:
            del self.pending[key]
        cell[0] = check
        self.done[key] = (schema, check)
        return check

    def build(self, s: dict, doc: Any, base: str, where: str) -> Check | None:
        unknown = sorted(k for k in s if k not in self.known)
        if unknown:
            raise UnsupportedSchema(f"{where}: keyword {unknown[0]!r} is not supported by the fast check")
        if "$schema" in s and s["$schema"] != DRAFT_2020_12:
            raise UnsupportedSchema(f"{where}: only draft 2020-12 schemas are supported, not {s['$schema']!r}")

        types = s.get("type")
        type_names = None
        if types is not None:
            type_names = types if isinstance(types, list) else [types]
            if not type_names or any(not isinstance(t, str) or t not in TYPE_CHECKS for t in type_names):
                raise UnsupportedSchema(f"{where}: unsupported type {types!r}")
        by_kind = {
            "object": self.object_check(s, doc, base, where),
            "array": self.array_check(s, doc, base, where),
            "string": self.string_check(s, where),
            "number": self.number_check(s, where),
        }
        general = [self.enum_check(s, where), self.ref_check(s, base, doc, where)]
        for name in ("oneOf", "anyOf"):
            if name in s:
                general.append(self.combination(name, s[name], doc, base, f"{where}/{name}"))
        if "not" in s:
            negated = self.node(s["not"], doc, base, f"{where}/not")
            general.append(lambda x: not negated(x))
        for name, factory in self.keywords.items():
            if name in s:
                general.append(factory(s[name]))

        if type_names is not None and len(type_names) == 1:
            # Once the type is known, only that kind's keywords can fail, and need no guard.
            kind = KIND_OF_TYPE.get(type_names[0])
            own = by_kind[kind] if kind else None
            return _all_of([TYPE_CHECKS[type_names[0]], own] + general)
        type_check = None
        if type_names is not None:
            alternatives = tuple(TYPE_CHECKS[t] for t in type_names)
            type_check = lambda x: any(t(x) for t in alternatives)  # noqa: E731
        return _all_of([type_check] + [_guarded(kind, c) for kind, c in by_kind.items()] + general)

    # -- keywords by the kind of instance they apply to ------------------------------------------------------
    def object_check(self, s: dict, doc: Any, base: str, where: str) -> Check | None:
        properties = s.get("properties", {})
        if not isinstance(properties, dict):
            raise UnsupportedSchema(f"{where}/properties: must be an object")
        props = {name: self.node(sub, doc, base, f"{where}/properties/{name}") for name, sub in properties.items()}
        if not isinstance(s.get("required", []), list) or not isinstance(s.get("dependentRequired", {}), dict):
            raise UnsupportedSchema(f"{where}: required must be a list and dependentRequired an object")
        required = tuple(s.get("required", ()))
        extra = s.get("additionalProperties", True)
        if isinstance(extra, dict):
            extra_check: Check | None = self.node(extra, doc, base, f"{where}/additionalProperties")
        elif extra is True or extra is False:
            extra_check = _always if extra else _never
        else:
            raise UnsupportedSchema(f"{where}/additionalProperties: must be a schema")
        min_properties = s.get("minProperties", 0)
        names = self.node(s["propertyNames"], doc, base, f"{where}/propertyNames") if "propertyNames" in s else None
        dependent = tuple((name, tuple(needs)) for name, needs in s.get("dependentRequired", {}).items())
        if not isinstance(min_properties, int) or any(not isinstance(r, str) for r in required):
            raise UnsupportedSchema(f"{where}: unsupported required or minProperties")

        per_key = {name: (None if check is _always else check) for name, check in props.items()}
        open_extra = extra_check is _always
        if open_extra:
            extra_check = None
        if names is _always:
            names = None
        if not (per_key and any(per_key.values())) and not required and open_extra and not min_properties \
                and names is None and not dependent:
            return None
        missing = object()
        get = per_key.get

        if extra_check is _never and names is None and not dependent and not min_properties:
            def closed_object(d: dict) -> bool:  # the usual record: known keys only
                for name in required:
                    if name not in d:
                        return False
                for name, value in d.items():
                    check = get(name, missing)
                    if check is not None and (check is missing or not check(value)):
                        return False
                return True
            return closed_object

        def check_object(d: dict) -> bool:
            for name in required:
                if name not in d:
                    return False
            if len(d) < min_properties:
                return False
            for name, value in d.items():
                check = get(name, missing)
                if check is missing:
                    if extra_check is not None and not extra_check(value):
                        return False
                elif check is not None and not check(value):
                    return False
                if names is not None and not names(name):
                    return False
            for name, needs in dependent:
                if name in d:
                    for need in needs:
                        if need not in d:
                            return False
            return True
        return check_object

    def array_check(self, s: dict, doc: Any, base: str, where: str) -> Check | None:
        item = self.node(s["items"], doc, base, f"{where}/items") if "items" in s else _always
        min_items = s.get("minItems", 0)
        if not isinstance(min_items, int):
            raise UnsupportedSchema(f"{where}/minItems: must be an integer")
        if item is _always and not min_items:
            return None
        if item is _always:
            return lambda x: len(x) >= min_items
        if item is _never:
            return lambda x: not x and len(x) >= min_items

        def check_array(x: list) -> bool:
            if len(x) < min_items:
                return False
            for value in x:
                if not item(value):
                    return False
            return True
        return check_array

    def string_check(self, s: dict, where: str) -> Check | None:
        low, high = s.get("minLength", 0), s.get("maxLength")
        if not isinstance(low, int) or (high is not None and not isinstance(high, int)):
            raise UnsupportedSchema(f"{where}: minLength and maxLength must be integers")
        search = re.compile(s["pattern"]).search if "pattern" in s else None
        if search is None:
            if high is None:
                return (lambda x: len(x) >= low) if low else None
            return lambda x: low <= len(x) <= high
        if high is None:
            return (lambda x: len(x) >= low and search(x) is not None) if low else (lambda x: search(x) is not None)
        return lambda x: low <= len(x) <= high and search(x) is not None

    def number_check(self, s: dict, where: str) -> Check | None:
        low, high = s.get("minimum"), s.get("maximum")
        for bound in (low, high):
            if bound is not None and not _is_number(bound):
                raise UnsupportedSchema(f"{where}: minimum and maximum must be numbers")
        # "not x < low" rather than "x >= low": a NaN is outside no range, as in jsonschema.
        if low is not None and high is not None:
            return lambda x: not (x < low or x > high)
        if low is not None:
            return lambda x: not x < low
        if high is not None:
            return lambda x: not x > high
        return None

    # -- keywords for any instance -----------------------------------------------------------------------------
    def enum_check(self, s: dict, where: str) -> Check | None:
        if "enum" not in s:
            return None
        values = s["enum"]
        if not isinstance(values, list):
            raise UnsupportedSchema(f"{where}/enum: must be a list")
        if all(type(v) is str for v in values):
            allowed = frozenset(values)
            return lambda x: isinstance(x, str) and x in allowed
        values = tuple(values)
        return lambda x: any(json_equal(v, x) for v in values)

    def combination(self, name: str, subschemas: Any, doc: Any, base: str, where: str) -> Check:
        if not isinstance(subschemas, list) or not subschemas:
            raise UnsupportedSchema(f"{where}: must be a non-empty list")
        checks = tuple(self.node(sub, doc, base, f"{where}/{i}") for i, sub in enumerate(subschemas))
        if name == "anyOf":
            return lambda x: any(c(x) for c in checks)

        def exactly_one(x: Any) -> bool:
            found = 0
            for check in checks:
                if check(x):
                    found += 1
                    if found > 1:
                        return False
            return found == 1
        return exactly_one

    def ref_check(self, s: dict, base: str, doc: Any, where: str) -> Check | None:
        if "$ref" not in s:
            return None
        ref = s["$ref"]
        if not isinstance(ref, str):
            raise UnsupportedSchema(f"{where}/$ref: must be a string")
        address, _, fragment = ref.partition("#")
        if address:
            target_base = urljoin(base, address) if base else address
            if target_base not in self.resources:
                raise UnsupportedSchema(f"{where}/$ref: cannot resolve {ref!r}")
            target_doc = self.resources[target_base]
        else:
            target_base, target_doc = base, doc
        if fragment and not fragment.startswith("/"):
            raise UnsupportedSchema(f"{where}/$ref: anchors are not supported ({ref!r})")
        target = target_doc
        for part in fragment.split("/")[1:] if fragment else []:
            part = unquote(part).replace("~1", "/").replace("~0", "~")
            if isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            elif isinstance(target, dict) and part in target:
                target = target[part]
            else:
                raise UnsupportedSchema(f"{where}/$ref: cannot resolve {ref!r}")
        if isinstance(target_doc, dict) and "$id" in target_doc:
            raise UnsupportedSchema(f"{where}/$ref: documents with $id are not supported")
        return self.node(target, target_doc, target_base, f"{target_base}#{fragment}")
