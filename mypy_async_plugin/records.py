"""`Record`: `typing.NamedTuple` to a type checker, a cheaper class to build at run time.

`typing.NamedTuple` turns every field's annotation (a string, under
`from __future__ import annotations`) into a `ForwardRef`, compiling it: about half of the
million instructions a class costs to define. The plugin defines its records while mypy
runs, so `Record` builds the same `collections.namedtuple` without that step.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class _RecordBuilder(type):
        """Makes each class based on `Record` a `collections.namedtuple` of its fields."""

        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
            if not bases:
                return super().__new__(cls, name, bases, namespace)
            if "__classcell__" in namespace:
                raise TypeError(f"{name}: a record's methods cannot use super() or __class__")
            annotations = namespace.get("__annotations__", {})
            fields = list(annotations)
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field not in namespace for field in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            record = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            for key, value in namespace.items():
                if key not in annotations and key not in _SET_BY_NAMEDTUPLE:
                    setattr(record, key, value)
            record.__annotations__ = annotations
            return record

    _SET_BY_NAMEDTUPLE = frozenset({"__module__", "__qualname__", "__annotations__"})

    class Record(metaclass=_RecordBuilder):
        pass


__all__ = ["Record"]
