# The `explainer` command: check, build, serve, schema. A thin adapter over
# load/render/build; it prints problems as `path:line:col: message`, never a traceback.
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from .load import check_content

POLL_SECONDS = 0.1  # how often `serve` looks for saved files
# `explainer new KIND ...`: the words each kind takes (the last one may be several words)
NEW_ARGS = {"term": ["HEADWORD"], "actor": ["NAME"], "story": ["TITLE"], "source": ["SEED_FILE"], "event": ["STORY", "TITLE"],
            "quote": ["STORY", "SPEAKER"], "demand": ["STORY", "BY", "OF", "WHAT"], "key-fact": ["STORY", "TEXT"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer", description="Explainer sites from YAML facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=Path("content"), help="folder of the YAML facts (default: content)")
    common.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    sub.add_parser("check", parents=[common], help="validate the content; exit 1 on any problem")
    b = sub.add_parser("build", parents=[common], help="check, render and build the site (strict, atomic)")
    b.add_argument("-d", "--site-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    b.add_argument("--engine", choices=["mkdocs", "properdocs", "zensical"], default="mkdocs",
                   help="mkdocs (default: MkDocs with this project's plugin), properdocs (the maintained fork of MkDocs 1.6, "
                        "run on the exported site as `explainer export` writes it) or zensical (0.0.73, on the exported site)")
    b.add_argument("--no-cache", action="store_true",
                   help="parse, render and build every page anew, without the last build's state in .cache/explainer/")
    e = sub.add_parser("export", parents=[common], help="write the site's Markdown and an engine config into a folder",
                       description="Write the site's source (pages, feeds, free pages, theme overrides and an mkdocs.yml "
                                   "without the explainer plugin) into DIR, for any engine: `mkdocs build -f DIR/mkdocs.yml`.")
    e.add_argument("folder", type=Path, metavar="DIR")
    s = sub.add_parser("serve", parents=[common], help="live preview; rebuilds when a YAML file changes")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    sc = sub.add_parser("schema", help="print the JSON Schema of the content files")
    sc.add_argument("-o", "--output", type=Path, help="write one schema file per kind into this folder")
    sc.add_argument("--add-comments", action="store_true",
                    help="also put '# yaml-language-server: $schema=...' at the top of content files that lack it (needs -o)")
    sc.add_argument("--content", type=Path, default=Path("content"), help="folder of the YAML facts (default: content)")
    n = sub.add_parser("new", help="write the skeleton of a new term, actor, story, source, event, quote, demand or key fact",
                       description="Write the skeleton of a new record where it belongs. What only you can write is "
                                   "marked TODO; `explainer check` lists each TODO until it is filled in.")
    n.add_argument("kind", choices=list(NEW_ARGS))
    n.add_argument("words", nargs="+", metavar="NAME",
                   help="; ".join(f"{kind}: {' '.join(words)}" for kind, words in NEW_ARGS.items()))
    n.add_argument("--id", help="the id (default: made from the name, e.g. 'Übergabe' -> 'uebergabe')")
    n.add_argument("--source", help="id of the source the facts come from")
    n.add_argument("--kind-of-actor", dest="actor_kind", choices=["state", "organisation", "person"], default="person")
    n.add_argument("--article", choices=["der", "die", "das", "none"],
                   help="actor: the article its name takes (der Kreml, die Ukraine; none: Russland, persons)")
    n.add_argument("--date", help="event or quote: its EDTF date, e.g. 2025-07-18")
    n.add_argument("--content", type=Path, default=Path("content"), help="folder of the YAML facts (default: content)")
    d = sub.add_parser("draft", help="draft a story from an archived article (new files only)",
                       description="Read an article in seeds/ and write a draft story, with the new actors, terms and the "
                                   "source record it needs. Existing files are never replaced; what only you can judge is "
                                   "marked TODO, and `explainer check` lists each TODO until it is filled in.")
    d.add_argument("seed", type=Path, metavar="SEED_FILE", help="the article, e.g. seeds/2025-07-19_titel.txt")
    d.add_argument("--story", help="the story's id (default: made from the headline)")
    d.add_argument("--date", help="the article's day, YYYY-MM-DD, when its header gives less (e.g. only 2025-07)")
    d.add_argument("--content", type=Path, default=Path("content"), help="folder of the YAML facts (default: content)")
    args = parser.parse_args(argv)
    main_thread = threading.current_thread() is threading.main_thread()  # where signal handlers can be set
    previous = signal.signal(signal.SIGTERM, _stop) if main_thread else None  # as Ctrl-C: every step cleans up
    try:
        commands = {"check": _check, "build": _build, "export": _export, "serve": _serve, "schema": _schema, "new": _new,
                    "draft": _draft}
        return commands[args.command](args)
    except KeyboardInterrupt as e:
        name = "SIGTERM" if isinstance(e, _Terminated) else "Ctrl-C"
        done = {"build": f"; nothing was published, the previous site in {getattr(args, 'site_dir', 'site')}/ is unchanged",
                "serve": "; the preview has ended"}.get(args.command, "")
        print(f"explainer {args.command}: stopped by {name}{done}", file=sys.stderr)
        return 143 if isinstance(e, _Terminated) else 130
    except OSError as e:  # a full disk, a read-only folder: the machine's problem, not a bug
        where = f" {e.filename2 or e.filename}" if (e.filename2 or e.filename) else ""
        print(f"explainer {args.command}: could not write or read{where}: {e.strerror or e}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug of ours, not the editor's: say so in one line
        print(f"explainer: internal error ({type(e).__name__}: {e}); please report it with the command you ran", file=sys.stderr)
        return 2
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so that the build's clean-up runs as for Ctrl-C."""


def _stop(signum, frame) -> None:
    raise _Terminated()


def _report(content_dir: Path, checked: list | None = None) -> bool:
    """Print every warning and problem; whether there is none. `checked` gets the content if so."""
    warnings: list = []
    content, problems = check_content(content_dir, warnings)
    if checked is not None and content is not None:
        checked.append(content)
    for warning in warnings:  # printed, but they change neither the exit code nor the build
        print(warning, file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; nothing was built or changed.", file=sys.stderr)
    return not problems


def _check(args) -> int:
    if not _report(args.content):
        return 1
    print(f"{args.content}: all content is valid.")
    return 0


def _build(args) -> int:
    from . import persist
    from .build import BuildError, UnsafeTarget, build_site

    if not args.no_cache:  # the last build's parses: the check below then reads only changed files
        persist.restore(persist.folder_for(args.config_file))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isdigit() and int(epoch) < 2**32):
        print(f"SOURCE_DATE_EPOCH={epoch!r} is not a time the site can hold; set it to seconds since 1970 "
              "(e.g. `date +%s`) or unset it", file=sys.stderr)
        return 1
    checked: list = []  # an exported build starts from the content checked here, not a second load
    if not _report(args.content, checked):
        return 1
    _quiet_mkdocs()
    try:
        build_site(args.config_file, args.site_dir, args.content, keep_state=not args.no_cache, engine=args.engine,
                   content=checked[0])
    except UnsafeTarget as e:
        print(f"explainer build: {e}", file=sys.stderr)
        return 1
    except BuildError as e:
        print(f"build failed: {e}\nThe previous site in {args.site_dir}/ is unchanged.", file=sys.stderr)
        return 1
    print(f"Site built in {args.site_dir}/")
    return 0


def _export(args) -> int:
    from .build import UnsafeTarget
    from .export import ExportError, check_export_folder, export
    from .load import load_content

    if not _report(args.content):
        return 1
    try:
        check_export_folder(args.folder.resolve(), args.config_file, args.content)
        files, changed = export(load_content(args.content), args.config_file, args.folder)
    except (UnsafeTarget, ExportError) as e:
        print(f"explainer export: {e}", file=sys.stderr)
        return 1
    print(f"{args.folder}/: {len(files)} files, {len(changed)} written or removed; build it with "
          f"`mkdocs build -f {args.folder}/mkdocs.yml` (or another engine)")
    return 0


def _serve(args) -> int:
    import functools

    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    try:
        plugins = _plugins_reading(args.config_file, args.content)
    except (OSError, ValueError) as e:
        print(f"explainer serve: {e}", file=sys.stderr)
        return 1
    if not _report(args.content):
        # Nothing good to serve yet: wait for the editor's fix instead of giving up.
        print("Waiting for the content to be fixed; the preview starts as soon as it is valid.", file=sys.stderr)
        _wait_until_valid(args.content)
    _quiet_mkdocs(logging.INFO)
    # From here on MkDocs rebuilds on every change; a failed rebuild logs the problems
    # and the last good site stays served (mkdocs/livereload: _build_loop).
    # MkDocs polls for changes every 0.5 s; an editor waiting for the preview notices that
    mkdocs_serve.LiveReloadServer = functools.partial(LiveReloadServer, polling_interval=POLL_SECONDS)
    # dirty: after a save, MkDocs rebuilds only the pages whose Markdown changed (see plugin.py)
    mkdocs_serve.serve(str(args.config_file), dev_addr=args.dev_addr, livereload=True, build_type="dirty", plugins=plugins)
    return 0


def _plugins_reading(config_file: Path, content_dir: Path) -> dict:
    """The `plugins` of `config_file` with the explainer plugin's `content` option set to
    `content_dir`: MkDocs takes it as a setting of the config it loads for every rebuild (as a
    mapping, which MkDocs reads without changing it; a list's entries it takes apart)."""
    import yaml

    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ValueError(f"{config_file}: cannot be read as plain YAML ({' '.join(str(e).split())})") from None
    listed = config.get("plugins") or []
    plugins = dict(listed) if isinstance(listed, dict) else {}
    for entry in [] if isinstance(listed, dict) else listed:
        plugins.update(entry if isinstance(entry, dict) else {entry: {}})
    plugins["explainer"] = {**(plugins.get("explainer") or {}), "content": str(content_dir.resolve())}
    return plugins


def _wait_until_valid(content_dir: Path, poll: float = 0.5) -> None:
    def stamp() -> list[tuple[str, int, int]]:
        out = []
        for p in content_dir.rglob("*"):
            try:
                out.append((str(p), p.stat().st_mtime_ns, p.stat().st_size))
            except OSError:  # removed while we looked
                pass
        return sorted(out)

    seen = stamp()
    while True:
        time.sleep(poll)
        now = stamp()
        if now != seen:
            seen = now
            if _report(content_dir):
                return


def _schema(args) -> int:
    from .load.schema import schemas

    docs = schemas()
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        for kind, schema in docs.items():
            (args.output / f"{kind}.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(docs)} schema files to {args.output}/")
        if args.add_comments:
            from .load.schema import add_comments

            changed = add_comments(args.content, args.output)
            print(f"added the schema comment to {len(changed)} content file(s)")
    elif args.add_comments:
        print("--add-comments needs -o DIR (where the schema files are)", file=sys.stderr)
        return 1
    else:
        print(json.dumps(docs, indent=2, ensure_ascii=False))
    return 0


def _new(args) -> int:
    from .load.problems import display_path
    from .new import NewError, new_record

    wanted = NEW_ARGS[args.kind]
    words = list(args.words)
    if len(words) < len(wanted) or (len(words) > len(wanted) and args.kind in ("quote", "source")):
        print(f"explainer new {args.kind}: give {' '.join(wanted)}" + (" (ids of actors)" if args.kind in ("quote", "demand") else ""),
              file=sys.stderr)
        return 1
    fixed = [words.pop(0) for _ in wanted[:-1]]
    story = fixed.pop(0) if fixed else None
    if args.kind == "quote":
        fixed, words = words, [""]
    try:
        path = new_record(args.kind, args.content, " ".join(words), id=args.id, source=args.source,
                          kind_of_actor=args.actor_kind, story=story, date=args.date, actors=tuple(fixed),
                          article=args.article)
    except NewError as e:
        print(f"explainer new {args.kind}: {e}", file=sys.stderr)
        return 1
    verb = f"added the {args.kind} to" if story else "wrote"
    print(f"{verb} {display_path(path)}; fill in every TODO, then run `explainer check`.")
    return 0


def _draft(args) -> int:
    from .draft import DraftError, draft
    from .load.problems import display_path

    try:
        written = draft(args.seed, args.content, story=args.story, date=args.date)
    except DraftError as e:
        print(f"explainer draft: {e}", file=sys.stderr)
        return 1
    todos = sum(p.read_text(encoding="utf-8").count('"TODO') for p in written)
    for path in written:
        print(f"wrote {display_path(path)}")
    print(f"{len(written)} new file(s) with {todos} TODO(s); go through them, then run `explainer check`.")
    return 0


def _quiet_mkdocs(level: int = logging.WARNING) -> None:
    """Show MkDocs' warnings and errors as plain lines, like our own problems."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def run() -> None:
    """The console script. Once a command other than `serve` has returned, its work is done (files
    closed, the state written, workers ended): the process ends without tearing the interpreter
    down, which frees the content's and the kept state's millions of objects one by one (0.2-0.4 s
    of every build at 1,000 facts on this machine, seconds at 10,000)."""
    code = main()
    if sys.argv[1:2] == ["serve"]:
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that has gone: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
