# The Jinja environment the pages are rendered with: one per process, its templates compiled once
# (and kept on disk between processes, _BytecodeCache), with the changes to Jinja's globals,
# generated code and calls that the render's speed rests on (_Environment, _CodeGenerator, _Context).
from __future__ import annotations

from functools import lru_cache
from keyword import iskeyword
from pathlib import Path
from types import MethodType
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, missing

from .markdown import escape, front_matter_json, front_matter_value, markup

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # One per process: compiling the templates costs more than rendering 300 pages, and
    # `explainer serve` renders after every save. Each Renderer sets its own filters and globals
    # (Jinja looks them up when a template renders), so renders must not run in parallel threads.
    # Compiled templates are also kept on disk between processes (bytecode_cache): 0.18 s of every
    # build otherwise
    env = _Environment(
        loader=FileSystemLoader(TEMPLATES), finalize=escape, undefined=StrictUndefined,
        auto_reload=False,  # the templates ship with the package: no stat of each one on every page
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=True,  # with finalize=escape: data is escaped for Markdown, macro output passes as Markup
    )
    env.bytecode_cache = bytecode_cache(env, _CodeGenerator.CACHE_PATTERN)
    env.code_generator_class = _CodeGenerator
    env.context_class = _Context
    env.policies["json.dumps_function"] = front_matter_json  # `tojson` writes the pages' front matter
    env.filters["tojson"] = front_matter_value  # the same, quicker for a string
    return env


class _Environment(Environment):
    """Jinja's environment, giving a template that has no globals of its own the environment's
    globals themselves, not a ChainMap over them: each page, include and macro module copies the
    globals into its context, and a ChainMap's Python-level iteration and look-ups made that an
    eighth of the render. Nothing writes to a template's globals here."""

    def make_globals(self, d: dict[str, Any] | None) -> Any:
        return self.globals if not d else super().make_globals(d)


class _CodeGenerator(CodeGenerator):
    """Compiles `{{ value }}` to `finalize(value)`, where Jinja's autoescape makes it
    `escape(finalize(value))`. Our finalize (markdown.escape) always returns Markup, which
    markupsafe's escape would only copy: a tenth of the render, for nothing. And Python's
    attribute access for `a.b` (visit_Getattr)."""

    # compiled with this class, kept apart from templates compiled by Jinja's own (Material's)
    CACHE_PATTERN = "__jinja2_explainer1_%s.cache"

    # A value that already is Markup (what the helpers, filters and macros give: three in five of
    # the values a page outputs) passes without the call: `(_v if type(_v := value) is Markup else
    # finalize(_v))`.
    def _output_child_pre(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._finalize_only(frame, finalize):
            self.write("(_v if type(_v := (")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:  # type: ignore[no-untyped-def]
        if self._finalize_only(frame, finalize):
            self.write(f")) is Markup else {finalize.src}_v))")
        else:
            super()._output_child_post(node, frame, finalize)

    @optimizeconst
    def visit_Getattr(self, node, frame) -> None:  # type: ignore[no-untyped-def]
        """`a.b` as Python's attribute access, not `environment.getattr(a, "b")`, a call that then
        also tries `a["b"]`: the templates read attributes only (of the model, the derived views,
        `loop`), and the call was 2% of the render's instructions. A missing attribute raises, as
        the StrictUndefined it gave did when used."""
        if not node.attr.isidentifier() or iskeyword(node.attr):
            return super().visit_Getattr(node, frame)
        self.write("(")
        self.visit(node.node, frame)
        self.write(f").{node.attr}")

    @staticmethod
    def _finalize_only(frame, finalize) -> bool:  # type: ignore[no-untyped-def]
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None


class _Context(Context):
    """Jinja's context, with a shorter way to the calls the templates make most (a helper of the
    Renderer, a macro): Context.call looks for `pass_context` on every callable four times over,
    a twentieth of the render. Whether a function takes the context is looked up once: looking
    for an attribute a function does not have costs an exception each time. A macro given its
    arguments by position or by name is run as Macro.__call__ would end up running it (Jinja 3.1's
    attributes; tests/test_render.py compares). Anything else takes Jinja's own way."""

    def resolve_or_missing(self, key: str) -> Any:
        """As Jinja's, with one look-up in each dict where it makes two (`in`, then `[]`): every macro
        call resolves the helpers it uses, a hundred thousand times in a large site's render."""
        value = self.vars.get(key, missing)
        return self.parent.get(key, missing) if value is missing else value

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        kind = type(__obj)
        if kind is not MethodType and kind is not Macro:
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # inside a loop or block: what Jinja passes for the callables that take the context
            if kwargs.get("_loop_vars") or kwargs.get("_block_vars"):
                return super().call(__obj, *args, **kwargs)
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            if kind is Macro:
                if not (__obj.caller or __obj.catch_kwargs or __obj.catch_varargs) and len(args) <= __obj._argument_count:
                    # what Macro.__call__ comes to after sorting the arguments out: the rest by name,
                    # `missing` for those not given (the macro puts in its defaults)
                    if kwargs:
                        args += tuple(kwargs.pop(name, missing) for name in __obj.arguments[len(args):])
                    elif len(args) < __obj._argument_count:
                        args += (missing,) * (__obj._argument_count - len(args))
                    if not kwargs:  # else an argument it does not take: Jinja's own way names it
                        rv = __obj._func(*args)
                        return markup(rv) if __obj._default_autoescape else rv
                return __obj(*args, **kwargs)
            pass_arg = _pass_arg(__obj.__func__)
            if pass_arg is None:
                return __obj(*args, **kwargs)
            if pass_arg is _PassArg.context:
                return __obj(__self, *args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


@lru_cache(maxsize=None)  # the Renderer's methods: a few dozen functions, alive as long as the process
def _pass_arg(func: Any) -> _PassArg | None:
    return getattr(func, "jinja_pass_arg", None)


def bytecode_cache(env: Environment, pattern: str = "__jinja2_%s.cache") -> FileSystemBytecodeCache | None:
    """A cache on disk for the compiled templates of `env` (Jinja's per-user folder in the system's
    temporary directory), or None where there is no private temporary folder to be had."""
    try:
        return _BytecodeCache(env, pattern)
    except (OSError, RuntimeError):
        return None


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja keys compiled code by the template's source alone, but the code also depends on how it
    was compiled: how each filter and test is called (with the context or without, as the function
    was decorated then) and the code generator above. A helper that gained `pass_context` in an
    update got code compiled for the old one (its output: the context's repr). The key here also
    covers the calling conventions and this module's own source."""

    def __init__(self, env: Environment, pattern: str, directory: str | None = None):
        super().__init__(directory, pattern)
        self.env = env

    def get_source_checksum(self, source: str) -> str:
        calls = ";".join(f"{kind}:{name}:{_PassArg.from_obj(f)}" for kind, table in (("filter", self.env.filters),
                         ("test", self.env.tests)) for name, f in sorted(table.items()))
        return super().get_source_checksum(f"{source}\0{calls}\0{_own_source()}")


@lru_cache(maxsize=1)
def _own_source() -> str:
    return Path(__file__).read_text(encoding="utf-8")
