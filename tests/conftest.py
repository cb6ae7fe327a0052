from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"
FIXTURES = Path(__file__).parent / "fixtures"
# The generator's own test site: a frozen copy of a real story's content and seeds. Tests that assert on
# particular records use it, never the shipped `content/`, which editors change and extend; the shipped
# content is tested only for what every valid site has (tests/test_content.py).
SITE = FIXTURES / "example"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def cases(name: str) -> list:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to compare two built sites."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_project(dest: Path, content_from: Path = SITE) -> Path:
    """Copy the project's engine files (mkdocs.yml, theme) and a site's content and seeds into `dest`:
    the test site's by default, the shipped ones with `content_from=ROOT`."""
    for name in ("mkdocs.yml", "theme_overrides", "content", "seeds"):
        src = (content_from if name in ("content", "seeds") else ROOT) / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the test site's content, to change freely."""
    return copy_project(tmp_path)


@pytest.fixture
def two_stories(project: Path) -> Path:
    """The project plus a second, small story that shares actors and terms with the first."""
    shutil.copytree(FIXTURES / "second_story", project, dirs_exist_ok=True)
    return project


# --- browser tests --------------------------------------------------------
# Playwright drives Debian's chromium (Playwright cannot download its own browser
# here). Locally a missing chromium skips the browser tests; in CI (CI=true) it fails.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; `make test` installs it")
        pytest.skip(f"{CHROMIUM} not installed (run `make test`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class SiteServer:
    """Serves a built site on 127.0.0.1, optionally under a path prefix such as /erklaert/."""

    def __init__(self, site: Path, prefix: str = "/"):
        import functools
        import http.server
        import threading

        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        served = self.served = []  # (path, bytes sent) of every file, in order: what a browser downloaded

        class Handler(http.server.SimpleHTTPRequestHandler):
            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                served.append((self.path, len(data)))

            def translate_path(self, path):
                if not path.startswith(prefix):
                    return str(site / "__not_under_prefix__")
                return super().translate_path("/" + path[len(prefix):])

            def log_message(self, *args):
                pass

            def send_error(self, code, message=None, explain=None):
                # like static hosts: an unknown address gets the site's 404.html, with status 404
                page = site / "404.html"
                if code != 404 or not page.is_file():
                    return super().send_error(code, message, explain)
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve_site():
    servers: list[SiteServer] = []

    def start(site: Path, prefix: str = "/") -> SiteServer:
        servers.append(SiteServer(site, prefix))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
