"""Connection and protocol failures: unreachable servers, auth, and misbehaving servers (bad_server.py)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from conftest import assert_error_line, bad_target, expect, free_port, http_target


def test_unreachable_url_exits_5(mcptask):
    url = f"http://127.0.0.1:{free_port()}/mcp"
    r = expect(mcptask("tools", "--url", url, "--timeout", "20"), 5)
    # a refused connection on loopback is known at once; no retrying until a connect timeout
    assert r.elapsed < 5, f"took {r.elapsed:.1f}s to report a refused connection\n{r.describe()}"


def test_wrong_http_path_exits_5(mcptask, http_server):
    url = http_server.url.replace("/mcp", "/not-mcp")
    expect(mcptask("tools", "--url", url, "--timeout", "20"), 5)


def test_stdio_command_not_found_exits_5(mcptask):
    r = expect(mcptask("tools", "--", "/nonexistent/mcp-server-binary"), 5)
    assert "/nonexistent/mcp-server-binary" in r.err, r.describe()


def test_http_401_exits_6(mcptask, new_http_server):
    server = new_http_server("--auth-token", "s3cret")
    expect(mcptask("tools", target=http_target(server)), 6)
    expect(mcptask("list", target=http_target(server)), 6)
    expect(mcptask("tools", "-H", "Authorization: Bearer wrong", target=http_target(server)), 6)  # 403
    ok = expect(mcptask("call", "quick", "text=let in", "-H", "Authorization: Bearer s3cret",
                        target=http_target(server)), 0)
    assert ok.out.rstrip("\n") == "let in"


def test_http_403_exits_6(mcptask):
    expect(mcptask("tools", "--url", forbidding_server()), 6)


def forbidding_server() -> str:
    class Forbidden(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(403)
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", "9")
            self.end_headers()
            self.wfile.write(b"forbidden")

        do_GET = do_DELETE = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Forbidden)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/mcp"


# -- misbehaving stdio servers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["garbage", "invalid-jsonrpc", "huge"])
def test_malformed_answers_exit_5(mcptask, mode):
    r = expect(mcptask("call", "t", "--timeout", "30", target=bad_target(mode)), 5)
    assert r.elapsed < 25, f"mcptask should notice, not wait for --timeout\n{r.describe()}"
    assert r.out == ""


def test_server_exiting_early_exits_5(mcptask):
    r = expect(mcptask("tools", "--timeout", "20", target=bad_target("exit-early")), 5)
    assert "database locked" in r.err, f"the server's own stderr explains why\n{r.describe()}"
    r = expect(mcptask("call", "t", "--timeout", "20", target=bad_target("exit-early")), 5)


def test_stalled_server_hits_timeout_7(mcptask):
    r = expect(mcptask("call", "t", "--timeout", "2", target=bad_target("stall")), 7)
    assert 1.5 < r.elapsed < 12, r.describe()


def test_cursor_loop_is_an_error_not_a_hang(mcptask):
    r = expect(mcptask("list", "--json", "--timeout", "30", target=bad_target("cursor-loop")), 5)
    assert r.elapsed < 20, r.describe()


def test_empty_string_is_a_cursor(mcptask):
    r = expect(mcptask("list", "--json", target=bad_target("empty-cursor")), 0)
    assert [t["taskId"] for t in r.json_lines()] == ["page1-a", "page1-b", "page2-c"]


def test_old_protocol_version_has_no_tasks(mcptask):
    target = bad_target("old-version")
    tools = expect(mcptask("tools", "--json", target=target), 0).json_lines()
    assert [t["name"] for t in tools] == ["t"]
    plain = expect(mcptask("call", "t", "--json", target=target), 0).json_object()
    assert plain["task"] is None and plain["result"]["content"] == [{"type": "text", "text": "plain ok"}]
    for argv in (["list"], ["get", "abc"], ["result", "abc"], ["cancel", "abc"]):
        r = expect(mcptask(*argv, target=target), 5)
        assert "task" in assert_error_line(r).lower(), r.describe()
