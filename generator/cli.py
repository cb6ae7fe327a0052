# The `explainer` command: check, build, serve, schema. A thin adapter over
# load/render/build; it prints problems as `path:line:col: message`, never a traceback.
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .load import check_content

POLL_SECONDS = 0.1  # how often `serve` looks for saved files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer", description="Explainer sites from YAML facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=Path("content"), help="folder of the YAML facts (default: content)")
    common.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    sub.add_parser("check", parents=[common], help="validate the content; exit 1 on any problem")
    b = sub.add_parser("build", parents=[common], help="check, render and build the site (strict, atomic)")
    b.add_argument("-d", "--site-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    s = sub.add_parser("serve", parents=[common], help="live preview; rebuilds when a YAML file changes")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    sc = sub.add_parser("schema", help="print the JSON Schema of the content files")
    sc.add_argument("-o", "--output", type=Path, help="write one schema file per kind into this folder")
    args = parser.parse_args(argv)
    try:
        return {"check": _check, "build": _build, "serve": _serve, "schema": _schema}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug of ours, not the editor's: say so in one line
        print(f"explainer: internal error ({type(e).__name__}: {e}); please report it with the command you ran", file=sys.stderr)
        return 2


def _report(content_dir: Path) -> bool:
    _, problems = check_content(content_dir)
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
    from .build import BuildError, build_site, clean_stale

    if not _report(args.content):
        return 1
    _quiet_mkdocs()
    clean_stale(args.site_dir)
    try:
        build_site(args.config_file, args.site_dir, args.content)
    except BuildError as e:
        print(f"build failed: {e}\nThe previous site in {args.site_dir}/ is unchanged.", file=sys.stderr)
        return 1
    print(f"Site built in {args.site_dir}/")
    return 0


def _serve(args) -> int:
    import functools

    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    os.environ["EXPLAINER_CONTENT"] = str(args.content.resolve())
    _report(args.content)  # show problems now; serving goes on with the last good site
    _quiet_mkdocs(logging.INFO)
    # MkDocs polls for changes every 0.5 s; an editor waiting for the preview notices that
    mkdocs_serve.LiveReloadServer = functools.partial(LiveReloadServer, polling_interval=POLL_SECONDS)
    # dirty: after a save, MkDocs rebuilds only the pages whose Markdown changed (see plugin.py)
    mkdocs_serve.serve(str(args.config_file), dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    return 0


def _schema(args) -> int:
    from .load.schema import schemas

    docs = schemas()
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        for kind, schema in docs.items():
            (args.output / f"{kind}.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(docs)} schema files to {args.output}/")
    else:
        print(json.dumps(docs, indent=2, ensure_ascii=False))
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


if __name__ == "__main__":
    sys.exit(main())
