# The Jinja environment the pages are rendered with: one per process, its templates compiled once
# (and kept on disk between processes), with the two changes to Jinja's generated code and calls
# that the render's speed rests on (_CodeGenerator, _Context).
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MethodType
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg

from .markdown import escape, front_matter_json

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # One per process: compiling the templates costs more than rendering 300 pages, and
    # `explainer serve` renders after every save. Each Renderer sets its own filters and globals
    # (Jinja looks them up when a template renders), so renders must not run in parallel threads.
    # Compiled templates are also kept on disk between processes (Jinja's per-user folder in the
    # system's temporary directory, keyed by each template's source): 0.18 s of every build otherwise
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), finalize=escape, undefined=StrictUndefined,
        bytecode_cache=bytecode_cache(_CodeGenerator.CACHE_PATTERN),
        auto_reload=False,  # the templates ship with the package: no stat of each one on every page
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=True,  # with finalize=escape: data is escaped for Markdown, macro output passes as Markup
    )
    env.code_generator_class = _CodeGenerator
    env.context_class = _Context
    env.policies["json.dumps_function"] = front_matter_json  # `tojson` writes the pages' front matter
    return env


class _CodeGenerator(CodeGenerator):
    """Compiles `{{ value }}` to `finalize(value)`, where Jinja's autoescape makes it
    `escape(finalize(value))`. Our finalize (markdown.escape) always returns Markup, which
    markupsafe's escape would only copy: a tenth of the render, for nothing."""

    # compiled with this class, kept apart from templates compiled by Jinja's own (Material's)
    CACHE_PATTERN = "__jinja2_explainer1_%s.cache"

    def _output_child_pre(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._finalize_only(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._finalize_only(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    @staticmethod
    def _finalize_only(frame, finalize) -> bool:  # type: ignore[no-untyped-def]
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None


class _Context(Context):
    """Jinja's context, with a shorter way to the calls the templates make most (a helper of the
    Renderer, a macro): Context.call looks for `pass_context` on every callable four times over,
    a twentieth of the render. Anything else takes Jinja's own way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        kind = type(__obj)
        if (kind is MethodType or kind is Macro) and not kwargs.get("_loop_vars") and not kwargs.get("_block_vars"):
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is None or pass_arg is _PassArg.context:
                try:
                    return __obj(__self, *args, **kwargs) if pass_arg is not None else __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


@lru_cache(maxsize=2)
def bytecode_cache(pattern: str = "__jinja2_%s.cache") -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache(pattern=pattern)
    except (OSError, RuntimeError):  # no private temporary folder to be had: compile every time
        return None
