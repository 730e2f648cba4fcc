"""The content pipeline: versioned YAML in ``content/`` -> validated -> upserted.

Each app registers its content kinds (one YAML file each) in ``AppConfig.ready()``::

    content.register(ContentKind(name="forms", filename="forms.yaml",
                                 schema=FormEntry, model=FormOfBehaviour, order=10,
                                 many_to_many={"related": "forms"}))

A file looks like::

    schema_version: 1
    items:
      - key: sextortion
        name: {nl: Sextortion, en: Sextortion}
        ...

Loading is all or nothing: every file is parsed and validated first (YAML syntax,
schema, unique keys, references between files); any problem raises
:class:`ContentError` naming the file, the line and the entry, and nothing is written.
Only then are all entries upserted by key in one transaction.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.db import transaction
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    ValidationError,
)

from wegwijzer.core.models import REVIEW_INTERVAL, ContentEntry

SCHEMA_VERSION = 1
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# --------------------------------------------------------------------------- schema parts
class Strict(BaseModel):
    """Base for every schema part: unknown keys are errors, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class TText(Strict):
    """A translated text: Dutch required, English optional (falls back to Dutch)."""

    nl: NonEmpty
    en: NonEmpty | None = None


class TList(Strict):
    """A translated list of short texts."""

    nl: list[NonEmpty] = Field(min_length=1)
    en: list[NonEmpty] | None = None


def _url_str(value: HttpUrl) -> str:
    return str(value)


Url = Annotated[HttpUrl, AfterValidator(_url_str)]


class Source(Strict):
    title: NonEmpty
    url: Url


class Entry(Strict):
    """Fields every content entry has."""

    key: Key
    source: Source
    checked_on: dt.date
    review_by: dt.date | None = None


# --------------------------------------------------------------------------- registry
@dataclass
class ContentKind:
    name: str
    filename: str
    schema: type[Entry]
    model: type[ContentEntry]
    order: int = 100
    # schema field -> kind name; the model field has the same name
    foreign_keys: dict[str, str] = field(default_factory=dict)
    many_to_many: dict[str, str] = field(default_factory=dict)
    # optional hook: extra model fields computed from the entry
    extra_fields: Callable[[Entry], dict[str, Any]] | None = None
    # optional hook: called after all entries of all kinds are saved (e.g. search index)
    after_load: Callable[[], None] | None = None


_REGISTRY: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> None:
    _REGISTRY[kind.name] = kind


def registered_kinds() -> list[ContentKind]:
    return sorted(_REGISTRY.values(), key=lambda k: (k.order, k.name))


# --------------------------------------------------------------------------- errors
class ContentError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ParsedEntry:
    kind: ContentKind
    entry: Entry
    line: int


@dataclass
class KindReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_files: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.not_in_files:
            text += f", {self.not_in_files} only in the database (kept)"
        return text


# --------------------------------------------------------------------------- parsing
def _item_lines(text: str) -> list[int]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if key_node.value == "items" and isinstance(value_node, yaml.SequenceNode):
            return [n.start_mark.line + 1 for n in value_node.value]
    return []


def _describe(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("key"), str):
        return f"entry '{raw['key']}'"
    return f"entry #{index + 1}"


def parse_file(kind: ContentKind, path: Path) -> tuple[list[ParsedEntry], list[str]]:
    label = f"{path.parent.name}/{path.name}"
    if not path.exists():
        return [], [f"{label}: file is missing"]
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = _item_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [f"{label}{where}: YAML syntax error: {problem}"]
    if not isinstance(data, dict):
        return [], [f"{label}: expected a mapping with 'schema_version' and 'items'"]
    problems = []
    unknown = sorted(set(data) - {"schema_version", "items"})
    if unknown:
        problems.append(f"{label}: unknown top-level key(s): {', '.join(unknown)}")
    if data.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"{label}: schema_version must be {SCHEMA_VERSION}")
    items = data.get("items")
    if not isinstance(items, list):
        return [], [*problems, f"{label}: 'items' must be a list"]
    parsed: list[ParsedEntry] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(items):
        line = lines[index] if index < len(lines) else 0
        where = f"{label}:{line}: {_describe(raw, index)}"
        try:
            entry = kind.schema.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"]) or "(entry)"
                message = err["msg"]
                if err["type"] == "extra_forbidden":
                    message = "unknown key"
                elif err["type"] == "missing":
                    message = "required field is missing"
                problems.append(f"{where}: {loc}: {message}")
            continue
        if entry.key in seen:
            problems.append(f"{where}: duplicate key (first used on line {seen[entry.key]})")
            continue
        seen[entry.key] = line
        if entry.review_by and entry.review_by < entry.checked_on:
            problems.append(f"{where}: review_by is before checked_on")
        parsed.append(ParsedEntry(kind, entry, line))
    return parsed, problems


def _ref_values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def parse_all(content_dir: Path) -> dict[str, list[ParsedEntry]]:
    """Parse and validate every registered file. Raises ContentError listing all problems."""
    problems: list[str] = []
    parsed: dict[str, list[ParsedEntry]] = {}
    for kind in registered_kinds():
        entries, kind_problems = parse_file(kind, content_dir / kind.filename)
        parsed[kind.name] = entries
        problems.extend(kind_problems)
    keys = {name: {p.entry.key for p in entries} for name, entries in parsed.items()}
    for kind in registered_kinds():
        refs = {**kind.foreign_keys, **kind.many_to_many}
        for p in parsed[kind.name]:
            for field_name, target in refs.items():
                for ref in _ref_values(getattr(p.entry, field_name)):
                    if ref not in keys.get(target, set()):
                        problems.append(
                            f"{content_dir.name}/{kind.filename}:{p.line}: entry "
                            f"'{p.entry.key}': {field_name}: unknown {target} key '{ref}'"
                        )
    if problems:
        raise ContentError(problems)
    return parsed


# --------------------------------------------------------------------------- saving
def _is_translated(schema: type[Entry], name: str, kinds: Any = (TText, TList)) -> bool:
    annotation = schema.model_fields[name].annotation
    options = typing.get_args(annotation) or (annotation,)
    return any(isinstance(o, type) and issubclass(o, kinds) for o in options)


def entry_fields(kind: ContentKind, entry: Entry) -> dict[str, Any]:
    """Map a validated entry to model field values (translated parts become _nl/_en)."""
    skip = {"key", "source", *kind.foreign_keys, *kind.many_to_many}
    values: dict[str, Any] = {
        "source_title": entry.source.title,
        "source_url": entry.source.url,
        "checked_on": entry.checked_on,
        "review_by": entry.review_by or entry.checked_on + REVIEW_INTERVAL,
    }
    for name in type(entry).model_fields:
        if name in skip or name in values:
            continue
        value = getattr(entry, name)
        if isinstance(value, TText):
            values[f"{name}_nl"] = value.nl
            values[f"{name}_en"] = value.en or ""
        elif isinstance(value, TList):
            values[f"{name}_nl"] = list(value.nl)
            values[f"{name}_en"] = list(value.en or [])
        elif value is None and _is_translated(type(entry), name):
            empty = [] if _is_translated(type(entry), name, TList) else ""
            values[f"{name}_nl"] = empty
            values[f"{name}_en"] = empty
        elif isinstance(value, BaseModel):
            values[name] = value.model_dump(mode="json")
        elif isinstance(value, (list, tuple)):
            values[name] = [
                v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value
            ]
        else:
            values[name] = value
    if kind.extra_fields:
        values.update(kind.extra_fields(entry))
    # an omitted optional value becomes the model field's empty value ("" for text fields)
    for name, value in values.items():
        if value is None:
            model_field = kind.model._meta.get_field(name)
            if not model_field.null:
                values[name] = model_field.get_default()
    return values


def _upsert(kind: ContentKind, entries: Iterable[ParsedEntry], report: KindReport) -> set[int]:
    changed_ids: set[int] = set()
    existing = {obj.key: obj for obj in kind.model.objects.all()}
    for p in entries:
        values = entry_fields(kind, p.entry)
        for field_name, target in kind.foreign_keys.items():
            ref = getattr(p.entry, field_name)
            target_model = _REGISTRY[target].model
            values[f"{field_name}_id"] = (
                target_model.objects.only("pk").get(key=ref).pk if ref else None
            )
        obj = existing.pop(p.entry.key, None)
        if obj is None:
            obj = kind.model(key=p.entry.key, **values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            report.created += 1
            changed_ids.add(obj.pk)
            continue
        dirty = {n: v for n, v in values.items() if getattr(obj, n) != v}
        if dirty:
            for n, v in dirty.items():
                setattr(obj, n, v)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            report.updated += 1
            changed_ids.add(obj.pk)
        else:
            report.unchanged += 1
    report.not_in_files = len(existing)
    return changed_ids


def _set_many_to_many(
    kind: ContentKind, entries: Iterable[ParsedEntry], report: KindReport, changed_ids: set[int]
) -> None:
    if not kind.many_to_many:
        return
    objects = {obj.key: obj for obj in kind.model.objects.all()}
    for p in entries:
        obj = objects[p.entry.key]
        touched = False
        for field_name, target in kind.many_to_many.items():
            wanted = set(_ref_values(getattr(p.entry, field_name)))
            manager = getattr(obj, field_name)
            current = set(manager.values_list("key", flat=True))
            if current != wanted:
                target_model = _REGISTRY[target].model
                manager.set(list(target_model.objects.filter(key__in=wanted)))
                touched = True
        if touched and obj.pk not in changed_ids:
            changed_ids.add(obj.pk)
            report.unchanged -= 1
            report.updated += 1


def load(content_dir: Path) -> dict[str, KindReport]:
    """Validate everything, then upsert everything in one transaction."""
    from wegwijzer.core.services import touch_content_state

    parsed = parse_all(content_dir)
    reports = {kind.name: KindReport() for kind in registered_kinds()}
    changed: dict[str, set[int]] = {}
    with transaction.atomic():
        for kind in registered_kinds():
            changed[kind.name] = _upsert(kind, parsed[kind.name], reports[kind.name])
        for kind in registered_kinds():
            _set_many_to_many(kind, parsed[kind.name], reports[kind.name], changed[kind.name])
        for kind in registered_kinds():
            if kind.after_load:
                kind.after_load()
        if any(r.created or r.updated for r in reports.values()):
            touch_content_state()
    return reports
