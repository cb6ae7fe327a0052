# A static file server with gzip, for measuring the built site as a real web server delivers it.
# Usage: python scripts/serve_gzip.py SITE_DIR PORT
from __future__ import annotations

import gzip
import io
import os
import http.server
import sys
from functools import partial

COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not path.endswith(COMPRESS) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        try:
            with open(path, "rb") as f:
                body = gzip.compress(f.read())
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    site, port = sys.argv[1], int(sys.argv[2])
    http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=site)).serve_forever()
