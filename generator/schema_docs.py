"""The editors' field reference, generated from the JSON Schemas so it cannot drift from them.

Input: the schemas in ``data/schema/`` and the vocabularies (for value labels).
Output: one Markdown page per language listing every data file, every record
part and every field: title, description, type, whether it is required, the
vocabulary values with their labels, what an id must refer to, and an example.

    text = render_field_reference("zh", atlas.vocabularies)

Schema text (titles, descriptions, examples) passes through ``escape_md`` or
sits in a code span, like every other data string on the site. The framing
words of this page live in ``site_templates/labels_fields.yaml`` with the site's other
words; the page is built from the schemas, not from a template.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from generator.words import escape_md, load_labels
from generator.paths import COVERAGE_FILE, META_FILE, PUBLISHER_FILE, RECORD_FILES, SCHEMA_DIR, VOCABULARY_FILE
from generator.validate import load_schemas, reference_families

PAGE_PATH = "reference/fields.md"

# Which data file each schema describes, in the order the page lists them.
SCHEMA_FILES = {**RECORD_FILES, "publishers": PUBLISHER_FILE, "atlas": META_FILE, "vocabularies": VOCABULARY_FILE,
                "coverage": COVERAGE_FILE}
# The commented template in data/_templates/ for one record of each file.
TEMPLATE_FILES = {
    "platforms": "platform.yaml",
    "ports": "port.yaml",
    "cooperation": "cooperation.yaml",
    "regions": "region.yaml",
    "documents": "document.yaml",
    "organisations": "organisation.yaml",
    "national_totals": "national_total.yaml",
    "publishers": "publisher.yaml",
}

@functools.lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, str]]:
    """The page's framing words: the fields_* entries of site_templates/labels_fields.yaml."""
    return {key[len("fields_"):]: value for key, value in load_labels().items() if key.startswith("fields_")}


def word(key: str, lang: str, **fmt: Any) -> str:
    """A framing word of this page in ``lang``."""
    text = _words()[key][lang]
    return text.format(**fmt) if fmt else text


def code(text: str) -> str:
    """An inline code span that holds ``text`` verbatim, whatever backticks it contains."""
    text = text.replace("\n", " ")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:#,\[\]{}\"']*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def yaml_flow(value: Any) -> str:
    """Write a value as one line of flow-style YAML, quoting strings that need it (dates always)."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def split_bilingual(text: str) -> tuple[str, str]:
    """Split schema text written "中文 English" into its two parts; ('', text) when it does not split."""
    m = re.match(r"^(.*[\u3000-\u9fff\uff00-\uffef][)）」』》]?)\s*([A-Za-z][^\u3000-\u9fff\uff00-\uffef]*)$", text)
    return (m[1].strip(), m[2].strip()) if m else ("", text)


def bilingual(text: str, lang: str) -> str:
    """Schema text with the page's language first; both languages are kept."""
    zh, en = split_bilingual(text)
    if lang == "en" and zh:
        return f"{en} ({zh})" if len(zh) < 20 else f"{en} {zh}"
    return text


def _anchor(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts)


class _Page:
    """Collects the lines of one language's page."""

    def __init__(self, lang: str, schemas: dict[str, dict], vocabularies: Mapping):
        self.lang = lang
        self.schemas = schemas
        self.vocabularies = vocabularies
        self.lines: list[str] = []

    def w(self, key: str, **fmt: Any) -> str:
        return word(key, self.lang, **fmt)

    def text(self, value: str) -> str:
        return str(escape_md(bilingual(value, self.lang)))

    # Names and links ---------------------------------------------------------------------------
    def ref_target(self, schema_name: str, ref: str) -> tuple[str, str] | None:
        """Resolve ``common.schema.json#/$defs/x`` or ``#/$defs/x`` to (anchor, title)."""
        target_schema, _, pointer = ref.partition("#")
        name = target_schema.removesuffix(".schema.json") if target_schema else schema_name
        node: Any = self.schemas.get(name)
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return None
        parts = [p for p in pointer.strip("/").split("/") if p != "$defs"]
        return _anchor(name, *parts), node.get("title", parts[-1] if parts else name)

    def link(self, schema_name: str, ref: str) -> str:
        target = self.ref_target(schema_name, ref)
        if target is None:
            return code(ref)
        anchor, title = target
        return f"[{self.text(title)}](#{anchor})"

    def describe_type(self, schema_name: str, prop: dict) -> str:
        """Say in words what a field holds, with links to shared parts."""
        if "$ref" in prop:
            out = self.link(schema_name, prop["$ref"])
            target = prop["$ref"]
            if target.endswith("/date"):
                out += self.w("date_hint")
            return out
        kind = prop.get("type")
        if kind == "array":
            items = prop.get("items") or {}
            out = f"{self.w('list_of')} {self.describe_type(schema_name, items)}"
            if prop.get("minItems"):
                out += f"（{self.w('at_least', n=prop['minItems'])}）" if self.lang == "zh" else \
                       f" ({self.w('at_least', n=prop['minItems'])})"
            return out
        if kind == "object" and isinstance(prop.get("additionalProperties"), dict) and "properties" not in prop:
            return f"{self.w('mapping_of')} {self.describe_type(schema_name, prop['additionalProperties'])}"
        words = [self.w(k) for k in (kind if isinstance(kind, list) else [kind]) if k in _words()] or [self.w("string")]
        out = " / ".join(words)
        lo, hi = prop.get("minimum"), prop.get("maximum")
        if lo is not None and hi is not None:
            out += f"，{self.w('range', lo=lo, hi=hi)}" if self.lang == "zh" else f", {self.w('range', lo=lo, hi=hi)}"
        return out

    def vocabulary_values(self, name: str) -> str:
        values = (self.vocabularies.get(name) or {}).get("values") or {}
        shown = [f"{code(key)} {escape_md(labels[self.lang])}" for key, labels in values.items()]
        head = f"{self.w('vocab_of')} [{code(name)}](#{_anchor('vocabulary', name)})"
        return head + self.w("colon") + self.w("sep").join(shown)

    def reference(self, kind: str) -> str:
        if kind == "any":
            return self.w("id_any")
        files = [code(RECORD_FILES.get(f, f)) for f in reference_families(kind)]
        return self.w("id_in", file=self.w("or").join(files))

    # Sections ----------------------------------------------------------------------------------
    def field(self, schema_name: str, key: str, prop: dict, required: bool, template: str = "") -> None:
        need = self.w("required") if required else self.w("optional")
        lines = [f"- **{code(key)}** · {self.text(prop.get('title', key))} · *{need}*"]
        if prop.get("description"):
            lines.append(f"  {self.text(prop['description'])}")
        lines.append(f"  {self.w('type')}{self.w('colon')}{self.describe_type(schema_name, prop)}")
        inner = prop.get("items") if prop.get("type") == "array" and isinstance(prop.get("items"), dict) else prop
        if inner.get("x-vocabulary"):
            lines.append(f"  {self.w('values')}{self.w('colon')}{self.vocabulary_values(inner['x-vocabulary'])}")
        elif inner.get("enum"):
            lines.append(f"  {self.w('values')}{self.w('colon')}"
                         + self.w("sep").join(code(yaml_flow(v)) for v in inner["enum"]))
        if inner.get("x-reference"):
            lines.append(f"  {self.w('refers')}{self.w('colon')}{self.reference(inner['x-reference'])}")
        if template:  # a whole record list: the template shows it better than a one-line example
            lines.append(f"  {self.w('template')}{self.w('colon')}{code(template)}")
        for example in [] if template else prop.get("examples", [])[:1]:
            lines.append(f"  {self.w('example')}{self.w('colon')}{code(yaml_flow(example))}")
        # Two trailing spaces: a line break inside the list item.
        self.lines.append("  \n".join(lines))

    def object_section(self, schema_name: str, obj: dict, anchor: str, title: str, level: int,
                       template: str = "") -> None:
        """One heading and the field list of an object, then its nested objects."""
        self.lines += ["", f"{'#' * level} {self.text(title)} {{#{anchor}}}", ""]
        if obj.get("description") and obj.get("description") != title:
            self.lines += [self.text(obj["description"]), ""]
        props = obj.get("properties") or {}
        required = set(obj.get("required") or [])
        for key, prop in props.items():
            self.field(schema_name, key, prop, key in required, template)
        if isinstance(obj.get("additionalProperties"), dict) and not props:
            self.lines.append(f"- *{self.w('each_key')}*{self.w('colon')}"
                              f"{self.describe_type(schema_name, obj['additionalProperties'])}")
        for key, prop in props.items():
            for nested in (prop, prop.get("items")):
                if isinstance(nested, dict) and "properties" in nested:
                    self.object_section(schema_name, nested, f"{anchor}-{_anchor(key)}",
                                        prop.get("title", key), min(level + 1, 6))

    def value_section(self, schema_name: str, name: str, node: dict, level: int) -> None:
        """A shared value type without fields (id, date, url, ...)."""
        self.lines += ["", f"{'#' * level} {self.text(node.get('title', name))} {{#{_anchor(schema_name, name)}}}",
                       ""]
        lines = []
        if node.get("description"):
            lines.append(self.text(node["description"]))
        lines.append(f"{self.w('type')}{self.w('colon')}{self.describe_type(schema_name, node)}")
        for example in node.get("examples", [])[:1]:
            lines.append(f"{self.w('example')}{self.w('colon')}{code(yaml_flow(example))}")
        self.lines.append("  \n".join(lines))

    def schema_section(self, name: str, schema: dict) -> None:
        data_file = SCHEMA_FILES.get(name)
        if data_file:
            heading = f"{code('data/' + data_file)} · {self.text(schema.get('title', name))}"
        else:
            heading = self.text(schema.get("title", name)) if name != "common" else self.w("shared")
        self.lines += ["", f"## {heading} {{#{_anchor(name)}}}", ""]
        if name == "common":
            self.lines += [self.w("shared_intro"), ""]
        elif schema.get("description"):
            self.lines += [self.text(schema["description"]), ""]
        if schema.get("properties") or isinstance(schema.get("additionalProperties"), dict):
            top = {k: v for k, v in schema.items() if k not in ("$defs", "title", "description")}
            template = f"data/_templates/{TEMPLATE_FILES[name]}" if name in TEMPLATE_FILES else ""
            self.object_section(name, top, _anchor(name, "file"), self.w("top_level"), 3, template)
        for def_name, node in (schema.get("$defs") or {}).items():
            if not isinstance(node, dict):
                continue
            if "properties" in node:
                self.object_section(name, node, _anchor(name, def_name), node.get("title", def_name), 3)
            else:
                self.value_section(name, def_name, node, 3)

    def vocabulary_section(self) -> None:
        self.lines += ["", f"## {self.w('vocabularies')} {{#vocabularies-values}}", "", self.w("vocabularies_intro")]
        for name, vocab in self.vocabularies.items():
            description = (vocab.get("description") or {}).get(self.lang, "")
            self.lines += ["", f"### {code(name)} · {escape_md(description)} {{#{_anchor('vocabulary', name)}}}", "",
                           f"| {self.w('value')} | 中文 | English | {self.w('meaning')} |", "|---|---|---|---|"]
            for key, labels in ((vocab.get("values") or {}).items()):
                meaning = (labels.get("meaning") or {}).get(self.lang, "")
                self.lines.append(f"| {code(key)} | {escape_md(labels['zh'])} | {escape_md(labels['en'])} | "
                                  f"{escape_md(meaning)} |")

    def render(self) -> str:
        title = self.w("title")
        self.lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---",
                      "<!-- generated from data/schema/*.schema.json and data/vocabularies.yaml; "
                      "edit the schemas, not this page -->", f"# {title}", "", self.w("intro")]
        for name in ordered_schema_names(self.schemas):
            self.schema_section(name, self.schemas[name])
        self.vocabulary_section()
        return "\n".join(self.lines).rstrip("\n") + "\n"


def ordered_schema_names(schemas: Mapping[str, dict]) -> list[str]:
    """Record files first (in the atlas's order), then atlas, vocabularies, any others, and shared parts."""
    known = [n for n in SCHEMA_FILES if n in schemas]
    others = sorted(n for n in schemas if n not in SCHEMA_FILES and n != "common")
    return known + others + (["common"] if "common" in schemas else [])


def iter_properties(schema: Any, path: tuple = ()) -> Iterator[tuple[tuple, str, dict]]:
    """Yield (where, name, property schema) for every property anywhere in a schema."""
    if isinstance(schema, dict):
        for key, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict):
                yield path, key, prop
        for key, value in schema.items():
            if key != "examples":
                yield from iter_properties(value, path + (key,))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from iter_properties(value, path + (i,))


def render_field_reference(lang: str, vocabularies: Mapping, schemas: dict[str, dict] | None = None) -> str:
    """Render the field reference page in ``lang`` ("zh" or "en")."""
    if schemas is None:
        schemas, _ = load_schemas(SCHEMA_DIR)
    return _Page(lang, schemas, vocabularies).render()
