"""The mypy entry point: decides cheaply which calls need a look, and looks at them.

The modules that classify callees, map roles and word findings are loaded when mypy first
asks about a call (see checking_modules.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union

from mypy.checker import TypeChecker
from mypy.nodes import (
    FUNC_NO_INFO,
    CallExpr,
    Expression,
    FuncDef,
    MemberExpr,
    MypyFile,
    RefExpr,
    SuperExpr,
    SymbolNode,
    TypeInfo,
)
from mypy.options import Options
from mypy.plugin import (
    ClassDefContext,
    FunctionContext,
    MethodContext,
    Plugin,
    ReportConfigContext,
)
from mypy.plugins.default import DefaultPlugin
from mypy.types import (
    AnyType,
    Instance,
    ProperType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from mypy_async_plugin import checking_modules, compat
from mypy_async_plugin.cache_key import plugin_fingerprint
from mypy_async_plugin.call_hooks import VALUE_HOOK_NAMES, CallHook, Ctx
from mypy_async_plugin.checked_module import describer, reports_errors
from mypy_async_plugin.declaration_reports import DeclarationReports
from mypy_async_plugin.kinds import (
    ALWAYS_WORTH_A_LOOK,
    FunctionKind,
    Producer,
    abilities_judged,
    async_comes_of,
    forget_abilities,
    function_kind,
)
from mypy_async_plugin.lying_declarations import lies
from mypy_async_plugin.places import COMPARED_OR_RETURNED, CONSUMED, NOWHERE, Place
from mypy_async_plugin.settings import Settings
from mypy_async_plugin.source import SourceText
from mypy_async_plugin.stdlib_callees import in_typeshed_stdlib, makes_nothing_async
from mypy_async_plugin.watcher import Refiner

if TYPE_CHECKING:
    from mypy_async_plugin.roles import Role, RoleMap
    from mypy_async_plugin.rules import Words

CallContext = Union[FunctionContext, MethodContext]
_DEBUG = bool(os.environ.get("MYPY_ASYNC_PLUGIN_DEBUG"))
_ROLE_MAPS_KEPT = 256


_UNASKED: Any = object()
"""What a dictionary of answers gives for a name it has not been asked about."""


class AsyncPlugin(Plugin):
    """Targeted errors for coroutine / async generator mix-ups at call sites."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self._default = DefaultPlugin(options)
        self._function_hooks = HookTable(self._hook_for, self._default.get_function_hook)
        self._method_hooks = HookTable(self._hook_for, self._default.get_method_hook)
        # mypy looks these up on the instance before the class: for a name that needs no
        # hook, the answer is a dictionary lookup in C, without a Python call.
        self.__dict__["get_function_hook"] = self._function_hooks.__getitem__
        self.__dict__["get_method_hook"] = self._method_hooks.__getitem__
        self._wanted_here: dict[CallHook[FunctionContext] | CallHook[MethodContext], bool] = {}
        """Which hooks mypy gets in the module being checked (decided once per module)."""
        self._role_maps: dict[int, RoleMap] = {}
        self._current_roles: RoleMap | None = None
        self._source = SourceText(compat.columns_count_utf8_bytes(options))
        self._declarations = DeclarationReports(self._source)
        self._in_class = self._declarations.in_class
        self._class_hooks = Remembered(self._class_hook)
        # Asked several times for every class mypy analyses: after the first, answered in C.
        self.__dict__["get_customize_class_mro_hook"] = self._class_hooks.__getitem__
        self._fingerprint = plugin_fingerprint()
        self._refiner = Refiner(self)
        self._checker_state = compat.checker_state()
        self._watched_checker: object = None
        self._reporting_checker: TypeChecker | None = None
        self._reporting = False
        # One plugin per build: classes judged in an earlier build (same process, as in
        # mypy.api or a test runner) must not be kept alive or consulted.
        forget_abilities()
        try:
            errors = compat.errors_of_this_build(options)
            if errors is not None:
                self._refiner.install(errors)
        except Exception:
            if _DEBUG:
                raise
        self._settings = Settings(options)
        self._sole_plugin = _only_this_plugin(options)

    def report_config_data(self, ctx: ReportConfigContext) -> dict[str, object]:
        if not ctx.is_check:
            # Called as each module's cache is written, once mypy has checked it: the
            # configured names of every module analyzed by now can be looked up.
            self._settings.check(self._modules)
        return {**self._fingerprint, "config": self._settings.cache_data(ctx.path)}

    def set_modules(self, modules: dict[str, MypyFile]) -> None:
        super().set_modules(modules)
        self._settings.stop_on_file_problems()

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # Called whenever a module is (re)parsed: under dmypy a definition may have
        # changed kind since we classified it, so classifications start afresh. (A cold run
        # parses every module before it checks one: then there is nothing to forget.)
        if self._remembers_anything():
            self._forget()
        return []

    def _remembers_anything(self) -> bool:
        """Is there anything for `_forget` to forget?"""
        return bool(
            self._function_hooks
            or self._function_hooks.hooks
            or self._method_hooks
            or self._method_hooks.hooks
            or self._wanted_here
            or abilities_judged()
            or self._watched_checker is not None
            or self._reporting_checker is not None
            or self._refiner.remembers_anything()
        )

    def _forget(self) -> None:
        """Forget every classification and judgement made so far."""
        self._function_hooks.clear()
        self._method_hooks.clear()
        self._wanted_here.clear()
        forget_abilities()
        self._watched_checker = None
        self._reporting_checker = None
        self._refiner.forget()

    # mypy asks these two for every call it checks (twice for a call it gets a hook for),
    # tens of thousands of times per run. The instance's own attributes (see `__init__`)
    # answer them; these methods give the same answer to a caller going through the class.

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return self._function_hooks.hook(fullname)

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return self._method_hooks.hook(fullname)

    def _hook_for(self, fullname: str, table: HookTable[Ctx]) -> CallHook[Ctx] | None:
        """The hook for calls of `fullname` in the module being checked, if they need one.

        Asked for every name the table does not answer alone: a name asked for the first
        time, or one that has a hook (wanted in some modules, not in others).
        """
        state = self._checker_state
        if state is not None and state.type_checker is not self._watched_checker:
            self._notice_module(state.type_checker)
        hook = table.hooks.get(fullname, _UNASKED)
        if hook is _UNASKED:
            hook = self._first_look(fullname, table.default_hook)
            if hook is None:
                table[fullname] = None
                return None
            table.hooks[fullname] = hook
        wanted = self._wanted_here.get(hook)
        if wanted is None:
            wanted = self._wanted_here[hook] = self._wanted(hook)
        return hook if wanted else None

    def _notice_module(self, checker: object) -> None:
        """mypy has started checking another module: make sure its errors reach the refiner,
        and report its module-level declarations."""
        self._watched_checker = checker
        self._wanted_here.clear()
        try:
            if isinstance(checker, TypeChecker):
                self._refiner.watch(checker)
                self._declarations.in_module(checker)
        except Exception:
            if _DEBUG:
                raise

    def get_customize_class_mro_hook(self, fullname: str) -> ClassHook | None:
        return self._class_hooks[fullname]

    def _class_hook(self, fullname: str) -> ClassHook | None:
        # The standard library's thousands of classes (typeshed) are not the user's to fix.
        modules = self._modules
        return (
            None
            if modules is not None and in_typeshed_stdlib(fullname, modules)
            else self._in_class
        )

    def _first_look(self, fullname: str, default_hook: DefaultHook[Ctx]) -> CallHook[Ctx] | None:
        """Our hook for calls of `fullname` (wrapping mypy's own, if any), or None."""
        try:
            checking_modules.load()
            if fullname in VALUE_HOOK_NAMES:
                from mypy_async_plugin.value_hooks import VALUE_HOOKS

                return self._own_hook(VALUE_HOOKS[fullname], fullname, default_hook)
            classified = self._classify(fullname)
            if classified is None:
                hook = None
            else:
                producer, fitting, reported = classified
                delegate = default_hook(fullname)
                if (fitting or reported) and (
                    delegate is not None or not self._types_calls_alone(fullname)
                ):
                    fitting, reported = NOWHERE, NOWHERE
                # mypy reports a wrong argument of Python's consumers, not of configured ones.
                reported -= self._settings.configured_consumer_places
                hook = CallHook(self, fullname, producer, delegate, fitting, reported)
                if self._checker_state is not None and not hook.places_to_look:
                    # Every call of it is right, or an error of mypy's that the refiner
                    # rewrites. (Before mypy 1.18, the refiner learns of modules from hooks.)
                    hook = None
        except Exception:
            # A surprise must never crash the user's run: mypy goes on as if we were absent.
            if _DEBUG:
                raise
            hook = None
        return hook

    def _own_hook(
        self, kind: type[CallHook[Ctx]], fullname: str, default_hook: DefaultHook[Ctx]
    ) -> CallHook[Ctx]:
        """The hook of a builtin whose every call is looked at (`str.format`, `bool`, ...)."""
        module, _, name = fullname.rpartition(".")
        producer = Producer(name, FunctionKind.FUNCTION, module, False)
        return kind(self, fullname, producer, default_hook(fullname))

    def _wanted(self, hook: CallHook[Ctx]) -> bool:
        """Could a call of it in the module being checked need a look?

        It does unless no call of it in the module stands where only the hook can tell it
        is wrong, or mypy does not show the module's errors. Where that can only be a
        comparison or a `return`, the module's comparisons and the `return`s of its
        `async def`s without a declared result are read, not its whole role map; where it
        can only be an argument of a runner or a consumer, only the calls of those are.
        """
        try:
            checker = compat.checker_being_used()
            if checker is None:  # mypy < 1.18 cannot tell which module it checks
                return True
            if not reports_errors(checker):
                return False
            if hook.looks_everywhere:
                return True
            roles = self._roles(checker.tree)
            to_look = hook.places_to_look
            if to_look <= COMPARED_OR_RETURNED:
                return hook.may_need_a_look(roles.compared_or_returned_calls())
            if to_look <= CONSUMED:
                return hook.may_need_a_look(roles.consumed_calls())
            # Where a thrown-away call is fine, a call standing in a `for` or a `with` is a
            # mistake mypy reports (the refiner rewrites it): statements need not be read.
            calls = roles.placed_calls(
                awaits=Place.AWAITED in to_look,
                statements=Place.DISCARDED in to_look,
                returns=Place.RETURNED in to_look,
            )
            return hook.may_need_a_look(calls)
        except Exception:
            if _DEBUG:
                raise
            return True

    def _types_calls_alone(self, fullname: str) -> bool:
        """Does mypy type calls of `fullname` from its definition, no plugin changing that?"""
        default = self._default
        return (
            self._sole_plugin
            and default.get_function_signature_hook(fullname) is None
            and default.get_method_signature_hook(fullname) is None
        )

    def _classify(
        self, fullname: str
    ) -> tuple[Producer, frozenset[Place], frozenset[Place]] | None:
        """What calling it makes, the places where what it makes always belongs (or no rule
        finds fault with it), and the places where mypy itself reports it where it does not
        belong; None if its calls need no hook."""
        name = fullname.rsplit(".", 1)[-1]
        if name.startswith("__") and name.endswith("__"):
            return None
        if self._modules is not None and makes_nothing_async(fullname, self._modules):
            return None
        node = self._definition(fullname)
        if node is None:
            return None
        kind, decorated = function_kind(node)
        if kind not in ALWAYS_WORTH_A_LOOK and not async_comes_of(node):
            # Nothing async comes of it: a mistake with its call (`await plain()`,
            # `async with threading.Lock()`, `async for x in gen()`) is an error of mypy's
            # own, which the refiner of mypy's errors (watcher.py) rewrites.
            return None
        defined_as = node.fullname or fullname
        module = self._module_of(defined_as)
        shown = defined_as[len(module) + 1 :] if module else defined_as
        declared_at = self.lie_declared_at(node)
        producer = Producer(shown, kind, module, decorated, declared_at)
        from mypy_async_plugin.certain_results import certain_result

        return (producer, *certain_result(node, producer))

    def lie_declared_at(self, node: SymbolNode | None) -> tuple[str, int] | None:
        """Where `node` is declared, if it is an `async def` that lies."""
        lying = lies(node)
        return (self.path_of(lying), lying.line) if lying is not None else None

    def _definition(self, fullname: str) -> SymbolNode | None:
        """The callee's definition; an inherited method is found through the class's MRO."""
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is not None and symbol.node is not None:
            return symbol.node
        owner, _, name = fullname.rpartition(".")
        owner_symbol = self.lookup_fully_qualified(owner) if owner else None
        if owner_symbol is None or not isinstance(owner_symbol.node, TypeInfo):
            return None
        member = owner_symbol.node.get(name)
        return member.node if member is not None else None

    def _module_of(self, fullname: str) -> str:
        head = fullname
        while "." in head:
            head = head.rsplit(".", 1)[0]
            if self._modules is not None and head in self._modules:
                return head
        return ""

    def _roles(self, tree: MypyFile) -> RoleMap:
        """The role map of the module being checked, built once per module (and parse)."""
        roles = self._current_roles
        if roles is not None and roles.is_for(tree):
            return roles
        roles = self._role_maps.get(id(tree))
        if roles is None or not roles.is_for(tree):
            if len(self._role_maps) >= _ROLE_MAPS_KEPT:
                # mypy revisits the modules of an import cycle; beyond that, let go.
                self._role_maps.clear()
            self._settings.resolve(self._modules)
            from mypy_async_plugin.roles import RoleMap

            roles = self._role_maps[id(tree)] = RoleMap(tree, self._settings.consumers)
            self._source.forget(tree.path)
        self._current_roles = roles
        return roles

    def check_call(
        self,
        ctx: CallContext,
        fullname: str,
        producer: Producer,
        always_right: frozenset[Place],
        result: Type,
    ) -> Type:
        call, checker = ctx.context, ctx.api
        if not isinstance(call, CallExpr) or not isinstance(checker, TypeChecker):
            return result
        if self._checker_state is None:  # mypy < 1.18: only hooks can tell the module
            self._refiner.remember_checker(checker)
            self._refiner.watch(checker)
        if checker is not self._reporting_checker:
            self._reporting_checker = checker
            self._reporting = reports_errors(checker)
        if not self._reporting:
            return result
        role = self._roles(checker.tree).role_of(call)
        if role is None or role.place in always_right:
            return result
        from mypy_async_plugin.report import report
        from mypy_async_plugin.rules import find, suspects
        from mypy_async_plugin.rules.discarded import may_be_async_generator
        from mypy_async_plugin.values import certain_call_type

        if role.place is Place.DISCARDED and not may_be_async_generator(producer, result):
            return result
        if not _calls(call, fullname):
            return result
        if not _receiver_fits(checker, role):
            return result
        seen = certain_call_type(checker, producer, result)
        found = suspects(role, seen)
        if not found:
            return result
        words = self._words(checker, role, producer, seen)
        finding = find(role, found, producer, words, describer(checker))
        if finding is None or not report(checker, call, finding, role.place):
            return result
        # `Any` replaces mypy's own error(s) for the expression, and nothing
        # cascades from a variable bound to it.
        return AnyType(TypeOfAny.from_error)

    # What the refiner of mypy's own errors (watcher.py) shares with the call hooks.

    @property
    def source_text(self) -> SourceText:
        return self._source

    @property
    def refiner(self) -> Refiner:
        return self._refiner

    def roles_of(self, tree: MypyFile) -> RoleMap:
        return self._roles(tree)

    def reports_errors(self, checker: TypeChecker) -> bool:
        return reports_errors(checker)

    def receiver_fits(self, checker: TypeChecker, role: Role) -> bool:
        return _receiver_fits(checker, role)

    def spell(self, path: str, expr: Expression, longest: int = 60) -> str:
        return self._source.spelling(path, expr, longest)

    def source_between(
        self, path: str, line: int, column: int, end_line: int, end_column: int
    ) -> str | None:
        return self._source.between(path, line, column, end_line, end_column)

    def path_of(self, func: FuncDef) -> str:
        """The file a function is defined in ("" if its module is not known)."""
        if func.info is not FUNC_NO_INFO:
            module = func.info.module_name
        else:
            module = func.fullname.rsplit(".", 1)[0]
        tree = self._modules.get(module) if self._modules is not None else None
        if tree is None:
            return ""
        # As mypy shows paths: relative to the working directory when inside it.
        relative = os.path.relpath(tree.path) if os.path.isabs(tree.path) else tree.path
        return tree.path if relative.startswith("..") else relative

    def source_line(self, path: str, line: int) -> str | None:
        return self._source.line(path, line)

    def source_header(self, path: str, line: int) -> str | None:
        return self._source.header(path, line)

    def describe(self, checker: TypeChecker) -> Callable[[ProperType], str]:
        return describer(checker)

    def words(
        self, checker: TypeChecker, role: Role, producer: Producer, result: Type | None
    ) -> Words:
        return self._words(checker, role, producer, result)

    def _words(
        self, checker: TypeChecker, role: Role, producer: Producer, result: Type | None
    ) -> Words:
        from mypy_async_plugin.rules import Words
        from mypy_async_plugin.rules.wording import enclosing_sync_function

        path = checker.tree.path
        spell = self._source.spelling
        target = spell(path, role.target) if role.target is not None else None
        proper = get_proper_type(result) if result is not None else None
        consumer_call = role.consumer_call
        consumer = role.consumer or ""
        whole = consumer_call or role.comparison
        if role.receiver is not None and consumer_call is not None:
            consumer = spell(path, consumer_call.callee)
        return Words(
            call=spell(path, role.expr),
            target=target or "item",
            as_target=f" as {target}" if target else "",
            consumer=consumer,
            consumer_call=spell(path, whole, longest=100) if whole is not None else None,
            enclosing_sync_function=enclosing_sync_function(checker),
            in_current_module=producer.module in ("", checker.tree.fullname),
            union=describer(checker)(proper) if isinstance(proper, UnionType) else None,
        )


ClassHook = Callable[[ClassDefContext], None]
Answer = TypeVar("Answer")


class Remembered(dict[str, Answer]):
    """Answers by name, each worked out by `answer` the first time it is asked for."""

    def __init__(self, answer: Callable[[str], Answer]) -> None:
        super().__init__()
        self._answer = answer

    def __missing__(self, name: str) -> Answer:
        found = self[name] = self._answer(name)
        return found


DefaultHook = Callable[[str], Union[Callable[[Ctx], Type], None]]
"""mypy's own plugin's answer for a name."""


class HookTable(dict[str, None], Generic[Ctx]):
    """The names that need no hook (mypy's question about them is answered in C); any
    other name is looked up by `hook_for`, which adds the names it finds need none."""

    def __init__(
        self,
        hook_for: Callable[[str, HookTable[Ctx]], CallHook[Ctx] | None],
        default_hook: DefaultHook[Ctx],
    ) -> None:
        super().__init__()
        self.hooks: dict[str, CallHook[Ctx]] = {}
        """The names that have a hook (given to mypy in the modules where it is wanted)."""
        self.default_hook: DefaultHook[Ctx] = default_hook
        self._hook_for: Callable[[str, HookTable[Ctx]], CallHook[Ctx] | None] = hook_for

    def hook(self, fullname: str) -> CallHook[Ctx] | None:
        """What `self[fullname]` gives (typed: `dict` says its items are all None)."""
        return None if fullname in self else self._hook_for(fullname, self)

    def __missing__(self, fullname: str) -> CallHook[Ctx] | None:
        return self._hook_for(fullname, self)

    def clear(self) -> None:
        super().clear()
        self.hooks.clear()


def _only_this_plugin(options: Options) -> bool:
    """Is this the only plugin configured? Another one's hooks could change a call's type
    (or be shadowed by ours) in ways the call's definition does not tell."""
    return all(entry.partition(":")[0] == __package__ for entry in options.plugins)


def _calls(call: CallExpr, fullname: str) -> bool:
    """Is `call` a call of `fullname` itself (not an implicit dunder call mypy makes)?"""
    callee = call.callee
    if isinstance(callee, MemberExpr) and isinstance(callee.expr, SuperExpr):
        # mypy does not use a hook's type for `super().method()`: mypy's error would stay.
        return False
    if isinstance(callee, RefExpr) and callee.fullname:
        return callee.fullname == fullname or isinstance(callee, MemberExpr)
    if isinstance(callee, MemberExpr):
        return callee.name == fullname.rsplit(".", 1)[-1]
    return False


def _receiver_fits(checker: TypeChecker, role: Role) -> bool:
    """For `obj.create_task(...)`-style runners: is `obj` really one of the runner classes?"""
    if role.receiver is None:
        return True
    receiver = get_proper_type(checker.lookup_type_or_none(role.receiver))
    if not isinstance(receiver, Instance):
        return False
    return any(receiver.type.has_base(name) for name in role.receiver_classes)
