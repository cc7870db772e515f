"""The configuration as the plugin uses it during one build.

Read when the plugin starts; its names resolved as mypy analyzes their modules. A problem
stops mypy the way its own config errors do: `file:line: error: ...` on stderr, exit
status 2. Problems in the file itself stop it once mypy has loaded the modules to check
(an exception while mypy constructs a plugin would print a traceback), a name that does
not exist once mypy has checked its module and writes that module's cache.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import mypy
from mypy.errors import CompileError
from mypy.nodes import MypyFile
from mypy.options import Options

from mypy_async_plugin import compat
from mypy_async_plugin.config import ConfigError, PluginConfig, Problem, read_config
from mypy_async_plugin.configured_names import ConfiguredNames
from mypy_async_plugin.kinds import treat_as_dual_protocol
from mypy_async_plugin.places import Consumers, Place


class Settings:
    """The user's configuration for this build, and what is wrong with it."""

    def __init__(self, options: Options) -> None:
        config_file = options.config_file or compat.default_config_file()
        problems: list[Problem] = []
        try:
            config = read_config(config_file)
        except ConfigError as error:
            config, problems = PluginConfig(config_file), error.problems
        self._fingerprint = config.fingerprint()
        typeshed = options.custom_typeshed_dir or os.path.join(
            os.path.dirname(mypy.__file__), "typeshed"
        )
        self._typeshed = os.path.join(os.path.abspath(typeshed), "")
        self._file_problems = problems
        self._names = ConfiguredNames(config)
        treat_as_dual_protocol(self._names.dual_protocol_types)

    def cache_data(self, path: str) -> dict[str, list[str]]:
        """What mypy's cache of the module at `path` must be keyed on.

        The configuration changes only what is reported, and nothing is reported in
        typeshed: its cache outlives a change of configuration.
        """
        # Asked for every module mypy caches; typeshed's are named by absolute paths already.
        if path.startswith(self._typeshed) or os.path.abspath(path).startswith(self._typeshed):
            return {}
        return self._fingerprint

    @property
    def consumers(self) -> Consumers:
        return self._names.consumers

    @property
    def configured_consumer_places(self) -> frozenset[Place]:
        """The places that configured consumers (and runners) give."""
        return self._names.consumer_places

    def resolve(self, modules: Mapping[str, MypyFile] | None) -> None:
        """Resolve what mypy has analyzed so far; problems wait for `check`.

        For mypy's hooks: an exception raised while mypy type-checks a module becomes
        mypy's INTERNAL ERROR report, not a clean stop.
        """
        names = self._names
        if not names.waiting or modules is None:
            return
        dual_before = names.dual_protocol_types
        names.resolve(modules)
        if names.dual_protocol_types != dual_before:
            treat_as_dual_protocol(names.dual_protocol_types)

    def stop_on_file_problems(self) -> None:
        """Stop mypy if the config file itself is wrong (unknown keys, wrong types, ...).

        For the start of a build: a new build (also the daemon's) raises them again.
        """
        _stop(self._file_problems)

    def check(self, modules: Mapping[str, MypyFile] | None) -> None:
        """Resolve what mypy has analyzed so far, and stop on any name that does not exist.

        Only where mypy writes a module's cache: the daemon, which writes none, crashes on
        an exception raised while it updates a module.
        """
        self.resolve(modules)
        _stop(self._names.problems)


def _stop(problems: list[Problem]) -> None:
    """Stop mypy with these problems, the way mypy stops on its own config errors."""
    if problems:
        raise CompileError([problem.render() for problem in problems])
