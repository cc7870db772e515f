"""A `Record` class behaves as the `typing.NamedTuple` it is declared as."""

from __future__ import annotations

import copy
import pickle
from typing import NamedTuple

import pytest

from mypy_async_plugin.records import Record


class Point(Record):
    """A point, maybe named."""

    x: int
    y: int
    name: str | None = None

    def moved(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


class Reference(NamedTuple):
    x: int
    y: int
    name: str | None = None


def test_it_is_built_and_read_as_the_named_tuple_it_declares() -> None:
    point, reference = Point(1, y=2), Reference(1, y=2)

    assert tuple(point) == tuple(reference) == (1, 2, None)
    assert (point.x, point.y, point.name) == (1, 2, None)
    assert point == (1, 2, None) and hash(point) == hash((1, 2, None))
    assert Point._fields == Reference._fields == ("x", "y", "name")
    assert Point._field_defaults == Reference._field_defaults == {"name": None}
    assert Point.__match_args__ == ("x", "y", "name")
    assert Point._make([3, 4, "c"]) == Point(3, 4, "c")
    assert Point(1, 2)._asdict() == reference._asdict() == {"x": 1, "y": 2, "name": None}
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, name='a')"


def test_it_keeps_its_own_methods_docstring_and_names() -> None:
    point = Point(1, -2)

    assert point.moved(2) == Point(3, -2)
    assert point.norm == 3
    assert Point.__doc__ == "A point, maybe named."
    assert Point.__qualname__ == "Point" and Point.__module__ == __name__
    assert list(Point.__annotations__) == ["x", "y", "name"]
    assert Point.__new__.__qualname__ == "Point.__new__"


def test_it_copies_and_pickles() -> None:
    point = Point(1, 2, "a")

    assert copy.copy(point) == copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point


def test_wrong_calls_are_refused_as_a_named_tuple_refuses_them() -> None:
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'y'"):
        Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, 2, z=3)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unexpected field names: \\['z'\\]"):
        Point(1, 2)._replace(z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Expected 3 arguments, got 2"):
        Point._make([1, 2])
    with pytest.raises(AttributeError):
        Point(1, 2).x = 3  # type: ignore[misc]


def test_a_field_without_a_default_cannot_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="Bad: a field without a default follows one"):

        class Bad(Record):
            a: int = 0
            b: int  # type: ignore[misc]


def test_its_methods_cannot_use_super() -> None:
    with pytest.raises(TypeError, match="Sub: a record's methods cannot use super"):

        class Sub(Record):
            a: int

            def __repr__(self) -> str:
                return super().__repr__()
