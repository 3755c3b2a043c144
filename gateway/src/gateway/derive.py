"""Strawberry types derived from the services' generated API models (gateway/api): a field a
service adds is a change in one place. A model's UUIDs are the schema's IDs; a field whose
shape GraphQL cannot take as it is (a mapping, say) is declared on the class instead, typed,
and given when the object is built."""

import inspect
import types
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Optional, TypeVar, Union, cast, get_args, get_origin
from uuid import UUID

import strawberry
from pydantic import BaseModel, RootModel
from pydantic.fields import FieldInfo
from strawberry.experimental.pydantic import input as pydantic_input
from strawberry.experimental.pydantic import type as pydantic_type
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_TYPES: dict[type[BaseModel], type[Any]] = {}
"""Each API model's Strawberry type, to build nested objects."""
_LISTS: dict[type[Any], frozenset[str]] = {}
"""The list fields of each derived type that a service may leave out (an empty list then)."""


def model_type(
    model: type[BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
    exclude: Iterable[str] = (),
) -> Callable[[type[T]], type[T]]:
    """A Strawberry object type with every field of `model` (less `exclude`), its descriptions
    and defaults; the class body adds or retypes fields and adds resolvers."""
    left_out = set(exclude)

    def wrap(cls: type[T]) -> type[T]:
        methods = _methods(cls)
        annotations = dict(inspect.get_annotations(cls))
        lists: set[str] = set()
        for field_name, field in model.model_fields.items():
            if field_name in left_out or field_name in annotations:
                continue
            listed = _unsent_list(field)
            if listed is not None:
                annotations[field_name] = listed
                lists.add(field_name)
                continue
            swapped = _ids(field.annotation)
            annotations[field_name] = strawberry.auto if swapped is None else swapped
        cls.__annotations__ = annotations
        described = _descriptions(cls)
        derived = pydantic_type(model=model, name=name, description=description or _doc(model))(cls)
        _describe(derived, described)
        # Strawberry resolves forward references ("Circle") in the class's module.
        derived.__module__ = cls.__module__
        _carry(methods, derived)
        _TYPES[model] = derived
        _LISTS[derived] = frozenset(lists)
        return cast(type[T], derived)

    return wrap


def graphql_enum(enum: type[E], name: str, description: str | None = None) -> None:
    """Registers a generated API enum as a GraphQL enum with the schema's own name (the class
    stays the one pydantic parses responses into)."""
    strawberry.enum(enum, name=name, description=description)


def build(cls: type[T], model: BaseModel, **given: Any) -> T:
    """An instance of the derived type `cls` from a parsed response (of its model, or of a
    model with more fields); `given` fills (or replaces) fields the class declares itself, and
    one the model lacks keeps the class's default."""
    definition = get_object_definition(cls, strict=True)
    values = {
        field.python_name: (
            given[field.python_name]
            if field.python_name in given
            else _convert(getattr(model, field.python_name))
        )
        if field.python_name in given or field.python_name not in _LISTS.get(cls, ())
        else _convert(getattr(model, field.python_name) or [])
        for field in definition.fields
        if field.base_resolver is None
        and field.init
        and (field.python_name in given or hasattr(model, field.python_name))
    }
    return cls(**values)


def build_all(cls: type[T], models: Iterable[BaseModel]) -> list[T]:
    return [build(cls, model) for model in models]


def _convert(value: Any) -> Any:
    if isinstance(value, RootModel):
        return _convert(value.root)
    if isinstance(value, UUID):
        return strawberry.ID(str(value))
    if isinstance(value, BaseModel) and type(value) in _TYPES:
        return build(_TYPES[type(value)], value)
    if isinstance(value, list):
        return [_convert(item) for item in value]
    return value


def _ids(annotation: Any) -> Any | None:
    """`annotation` as the schema takes it, or None when it needs no change: UUID as ID, a
    generated root model (a constrained value) as the value it wraps, also inside Optional
    and list."""
    if annotation is UUID:
        return strawberry.ID
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        root = annotation.model_fields["root"].annotation
        return _ids(root) or root
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        swapped = [_ids(arg) for arg in args]
        if all(s is None for s in swapped):
            return None
        parts = [s if s is not None else a for s, a in zip(swapped, args, strict=True)]
        return Union[tuple(parts)]  # noqa: UP007 - built from a runtime tuple
    if origin is list and args:
        inner = _ids(args[0])
        return None if inner is None else list[inner]  # type: ignore[valid-type]
    return None


def _unsent_list(field: FieldInfo) -> Any | None:
    """`list[X]` for a list field the service's schema leaves optional only by omitting it
    from `required` (pydantic's `default_factory=list` shows no default in OpenAPI): the
    services always send it, so the schema promises a list, never null."""
    if field.is_required() or field.default is not None:
        return None
    args = [arg for arg in get_args(field.annotation) if arg is not type(None)]
    if get_origin(field.annotation) not in (Union, types.UnionType) or len(args) != 1:
        return None
    if get_origin(args[0]) is not list:
        return None
    (item,) = get_args(args[0])
    item = _TYPES.get(item, _ids(item) or item)
    return list[item]  # type: ignore[valid-type]


def _methods(cls: type[Any]) -> dict[str, Any]:
    """The class's own methods besides resolvers (`from_api` builders, say): Strawberry's
    pydantic integration makes a new class without them, so they are put back on it."""
    return {
        attr: value
        for attr, value in vars(cls).items()
        if not attr.startswith("__")
        and (isinstance(value, classmethod | staticmethod) or inspect.isfunction(value))
    }


def _descriptions(cls: type[Any]) -> dict[str, str]:
    """The descriptions the class body gives its own fields (`strawberry.field(description=)`)."""
    return {
        attr: value.description
        for attr, value in vars(cls).items()
        if isinstance(value, StrawberryField) and value.description
    }


def _describe(derived: type[Any], described: dict[str, str]) -> None:
    """Strawberry's pydantic integration takes each field's description from the model, so a
    field the class declares with its own would lose it: the class's wins."""
    for field in get_object_definition(derived, strict=True).fields:
        if field.python_name in described:
            field.description = described[field.python_name]


def _carry(methods: dict[str, Any], derived: type[Any]) -> None:
    for attr, value in methods.items():
        setattr(derived, attr, value)


def _doc(model: type[BaseModel]) -> str | None:
    doc = model.__doc__
    # pydantic gives an undocumented model BaseModel's own docstring.
    if not doc or doc == BaseModel.__doc__:
        return None
    return " ".join(doc.split())


def reader(cls: type[T], model: type[BaseModel]) -> Callable[[Any], T]:
    """Parses a service's answer into `model` and builds `cls` from it (for `mutate`)."""

    def read(data: Any) -> T:
        return build(cls, model.model_validate(data))

    return read


def model_input(
    model: type[BaseModel], *, name: str | None = None, description: str | None = None
) -> Callable[[type[T]], type[T]]:
    """A Strawberry input type with every field of the service's request `model` (types,
    defaults, descriptions); the class body retypes the fields GraphQL cannot take as they are
    (a mapping becomes a list of typed entries)."""

    def wrap(cls: type[T]) -> type[T]:
        methods = _methods(cls)
        annotations = dict(inspect.get_annotations(cls))
        for field_name, field in model.model_fields.items():
            if field_name in annotations:
                continue
            # Every field may be null: null (or leaving it out) takes the service's default.
            annotations[field_name] = Optional[_ids(field.annotation) or field.annotation]  # noqa: UP045
        cls.__annotations__ = annotations
        derived = pydantic_input(model=model, name=name, description=description or _doc(model))(
            cls
        )
        _carry(methods, derived)
        return cast(type[T], derived)

    return wrap


def body_of(input: Any, **given: Any) -> dict[str, Any]:
    """The service's snake_case body from an input: nulls and unset fields left out (the
    service's defaults apply), enums as their values, nested inputs as objects; `given`
    replaces fields the gateway reshapes."""
    values = {**vars(input), **given}
    return {
        key: _plain(value)
        for key, value in values.items()
        if value is not None and value is not strawberry.UNSET
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return body_of(value)
    return value
