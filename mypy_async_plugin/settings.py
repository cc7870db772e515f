"""The configuration as the plugin uses it during one build.

Read when the plugin starts; its names resolved as mypy analyzes their modules; any
problem stops mypy the way its own config errors do: `file:line: error: ...` on stderr,
exit status 2. mypy prints more than that for an exception raised while it constructs a
plugin, so problems found then wait for the first call after the plugin is built.
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
from mypy_async_plugin.places import Consumers


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
        self._names = ConfiguredNames(config)
        self._names.problems.extend(problems)
        treat_as_dual_protocol(self._names.dual_protocol_types)

    def cache_data(self, path: str) -> dict[str, list[str]]:
        """What mypy's cache of the module at `path` must be keyed on.

        The configuration changes only what is reported, and nothing is reported in
        typeshed: its cache outlives a change of configuration.
        """
        if os.path.abspath(path).startswith(self._typeshed):
            return {}
        return self._fingerprint

    @property
    def consumers(self) -> Consumers:
        return self._names.consumers

    def resolve(self, modules: Mapping[str, MypyFile] | None) -> None:
        """Resolve what mypy has analyzed so far; problems wait for `stop_on_problems`.

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

    def check(self, modules: Mapping[str, MypyFile] | None) -> None:
        """Resolve what mypy has analyzed so far, and stop on any problem."""
        self.resolve(modules)
        self.stop_on_problems()

    def stop_on_problems(self) -> None:
        """Stop mypy with the problems found so far, the way mypy stops on its own."""
        problems = self._names.problems
        if problems:
            raise CompileError([problem.render() for problem in problems])
