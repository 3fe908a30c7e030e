"""A tiny Hugging Face Hub on 127.0.0.1, serving exactly the endpoints the app's hub client uses.

- GET  /api/models                          search (search=, filter=, pipeline_tag=, limit=)
- GET  /api/models/{org}/{name}[/revision/{rev}]   model info with siblings, sizes and LFS sha256
- HEAD /{org}/{name}/resolve/{rev}/{file}   what huggingface_hub's get_hf_file_metadata reads: X-Repo-Commit, ETag,
                                            Content-Length; LFS files answer 302 to a "CDN" on another host name
                                            (localhost) with X-Linked-Etag / X-Linked-Size, as the real Hub does
- GET  /{org}/{name}/resolve/...  and  /cdn/{sha256}   the bytes, with Range support
- ModelScope's two routes, so the same server stands in for modelscope.cn:
  GET /api/v1/models/{org}/{name}/repo/files (Data.Files with Path, Size, Sha256) and
  GET /models/{org}/{name}/resolve/master/{file} (the bytes)

It records every GET (path, Range header, bytes sent) so tests can check that a resume fetched only what was missing,
and can hold a response part-way on a threading.Event so a test can cancel mid-download without sleeping.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

COMMIT = "a" * 40


@dataclass
class FakeFile:
    data: bytes
    lfs: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def git_oid(self) -> str:
        return hashlib.sha1(b"blob %d\0" % len(self.data) + self.data).hexdigest()


@dataclass
class FakeRepo:
    repo_id: str
    files: dict[str, FakeFile]
    tags: list[str] = field(default_factory=list)
    pipeline_tag: str | None = "text-generation"
    downloads: int = 0
    likes: int = 0
    gated: bool = False


@dataclass
class Hold:
    """Send `after` bytes of a GET, then wait for `release` (bounded) before sending the rest."""

    after: int
    release: threading.Event = field(default_factory=threading.Event)


class FakeHub:
    def __init__(self, repos: list[FakeRepo]) -> None:
        self.repos = {r.repo_id: r for r in repos}
        self.gets: list[dict] = []  # {"path", "range", "sent"}
        self.holds: dict[str, Hold] = {}  # filename -> hold
        self.fail_status: int | None = None  # answer every request with this status (500 tests)
        self.wrong_sha: set[str] = set()  # file names whose published SHA-256 is wrong (checksum-mismatch tests)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        for hold in self.holds.values():
            hold.release.set()
        self._server.shutdown()
        self._server.server_close()

    def record(self, entry: dict) -> None:
        with self._lock:
            self.gets.append(entry)

    def published_sha(self, name: str, f: FakeFile) -> str:
        return "0" * 64 if name in self.wrong_sha else f.sha256

    def find_file(self, sha: str) -> tuple[str, FakeFile] | None:
        for repo in self.repos.values():
            for name, f in repo.files.items():
                if f.sha256 == sha:
                    return name, f
        return None


def _make_handler(hub: FakeHub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        # -- helpers ---------------------------------------------------------------------------------------------
        def _json(self, obj, status: int = 200, headers: dict | None = None) -> None:
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, code: str | None = None, message: str = "error") -> None:
            headers = {"X-Error-Message": message}
            if code:
                headers["X-Error-Code"] = code
            self._json({"error": message}, status, headers)

        def _repo_file(self, path: str):
            m = re.match(r"^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$", path)
            if not m:
                return None
            repo_id, _rev, filename = m.group(1), m.group(2), unquote(m.group(3))
            return repo_id, filename

        # -- routes ----------------------------------------------------------------------------------------------
        def do_HEAD(self) -> None:
            if hub.fail_status:
                return self._error(hub.fail_status)
            path = urlparse(self.path).path
            if path.startswith("/cdn/"):
                found = hub.find_file(path[5:])
                if found is None:
                    return self._error(404)
                self.send_response(200)
                self.send_header("Content-Length", str(len(found[1].data)))
                self.send_header("ETag", f'"{found[1].sha256}"')
                self.end_headers()
                return
            target = self._repo_file(path)
            if target is None:
                return self._error(404)
            repo_id, filename = target
            repo = hub.repos.get(repo_id)
            if repo is None:
                return self._error(401, "RepoNotFound", "Repository not found")
            if repo.gated:
                return self._error(401, "GatedRepo", "Access to model is restricted")
            f = repo.files.get(filename)
            if f is None:
                self.send_response(404)
                self.send_header("X-Error-Code", "EntryNotFound")
                self.send_header("X-Repo-Commit", COMMIT)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if f.lfs:
                self.send_response(302)
                self.send_header("Location", f"http://localhost:{hub.port}/cdn/{f.sha256}")
                self.send_header("X-Linked-Etag", f'"{hub.published_sha(filename, f)}"')
                self.send_header("X-Linked-Size", str(len(f.data)))
                self.send_header("ETag", f'"{f.git_oid}"')
            else:
                self.send_response(200)
                self.send_header("ETag", f'"{f.git_oid}"')
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("Content-Length", "0" if f.lfs else str(len(f.data)))
            self.end_headers()

        def do_GET(self) -> None:
            if hub.fail_status:
                return self._error(hub.fail_status)
            url = urlparse(self.path)
            path, query = url.path, parse_qs(url.query)
            if path == "/api/models":
                return self._search(query)
            m = re.match(r"^/api/v1/models/([^/]+/[^/]+)/repo/files$", path)
            if m:
                return self._modelscope_files(m.group(1))
            m = re.match(r"^/models/([^/]+/[^/]+)/resolve/master/(.+)$", path)
            if m:
                repo = hub.repos.get(m.group(1))
                f = repo.files.get(unquote(m.group(2))) if repo else None
                if f is None:
                    return self._error(404)
                return self._send_bytes(unquote(m.group(2)), f.data)
            m = re.match(r"^/api/models/([^/]+/[^/]+)(?:/revision/([^/]+))?$", path)
            if m:
                return self._info(m.group(1), "blobs" in query)
            if path.startswith("/cdn/"):
                found = hub.find_file(path[5:])
                if found is None:
                    return self._error(404)
                return self._send_bytes(found[0], found[1].data)
            target = self._repo_file(path)
            if target is not None:
                repo = hub.repos.get(target[0])
                f = repo.files.get(target[1]) if repo else None
                if f is None:
                    return self._error(404, "EntryNotFound")
                return self._send_bytes(target[1], f.data)
            self._error(404)

        def _search(self, query: dict) -> None:
            text = (query.get("search") or [""])[0].lower()
            filters = query.get("filter") or []
            task = (query.get("pipeline_tag") or [None])[0]
            limit = int((query.get("limit") or ["1000"])[0])
            out = []
            for repo in sorted(hub.repos.values(), key=lambda r: -r.downloads):
                if text and text not in repo.repo_id.lower():
                    continue
                if any(f not in repo.tags for f in filters):
                    continue
                if task and repo.pipeline_tag != task:
                    continue
                out.append(
                    {
                        "id": repo.repo_id,
                        "_id": repo.repo_id,
                        "downloads": repo.downloads,
                        "likes": repo.likes,
                        "tags": repo.tags,
                        "pipeline_tag": repo.pipeline_tag,
                        "library_name": "gguf" if "gguf" in repo.tags else "transformers",
                        "private": False,
                        "createdAt": "2025-01-01T00:00:00.000Z",
                    }
                )
            self._json(out[:limit])

        def _modelscope_files(self, repo_id: str) -> None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                return self._json({"Code": 404, "Message": "model not found"}, 404)
            files = [
                {"Name": name.rsplit("/", 1)[-1], "Path": name, "Type": "blob", "Size": len(f.data),
                 "Sha256": hub.published_sha(name, f)}
                for name, f in repo.files.items()
            ]
            self._json({"Code": 200, "Data": {"Files": files}})

        def _info(self, repo_id: str, blobs: bool) -> None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                return self._error(401, "RepoNotFound", "Repository not found")
            siblings = []
            for name, f in repo.files.items():
                sib: dict = {"rfilename": name}
                if blobs:
                    sib.update(size=len(f.data), blobId=f.git_oid)
                    if f.lfs:
                        sib["lfs"] = {"sha256": f.sha256, "size": len(f.data), "pointerSize": 134}
                siblings.append(sib)
            self._json(
                {
                    "id": repo.repo_id,
                    "sha": COMMIT,
                    "downloads": repo.downloads,
                    "likes": repo.likes,
                    "tags": repo.tags,
                    "pipeline_tag": repo.pipeline_tag,
                    "private": False,
                    "siblings": siblings,
                }
            )

        def _send_bytes(self, filename: str, data: bytes) -> None:
            rng = self.headers.get("Range")
            start = 0
            if rng:
                m = re.match(r"bytes=(\d+)-$", rng)
                start = int(m.group(1)) if m else 0
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            entry = {"path": self.path, "range": rng, "sent": 0, "auth": self.headers.get("authorization")}
            hub.record(entry)
            hold = hub.holds.get(filename)
            try:
                if hold is not None and hold.after < len(body):
                    self.wfile.write(body[: hold.after])
                    self.wfile.flush()
                    entry["sent"] = hold.after
                    hold.release.wait(timeout=30)
                    self.wfile.write(body[hold.after :])
                else:
                    self.wfile.write(body)
                entry["sent"] = len(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler
