#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/seeds/<target>/ from the conformance byte strings below.

Run from anywhere: python3 fuzz/make_seeds.py. The files are checked in; rerun after editing
the lists. Each seed is one wire input: valid framings the parser must accept and malformed
ones it must refuse, so the fuzzer starts next to every branch instead of discovering HTTP.
"""

import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

RESPONSES = {
    "cl-json": b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{"Version":"1.0"}',
    "cl-zero": b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
    "cl-repeated-agree": b"HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nOK",
    "cl-conflict": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nOKK",
    "cl-not-number": b"HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nOK",
    "cl-pipelined": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOKHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    "cl-truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    "chunked-ext-trailers": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;name=value\r\nhello\r\n6 ; a=\"b c\"\r\n world\r\n0\r\nX-Trailer: done\r\nX-Other:  two \r\n\r\n",
    "chunked-upper-hex": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
    "chunked-and-cl": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nOK\r\n0\r\n\r\n",
    "chunked-not-last": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nOK\r\n0\r\n\r\n",
    "chunked-twice": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "chunked-bad-size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nOK\r\n0\r\n\r\n",
    "chunked-size-overflow": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\nOK\r\n0\r\n\r\n",
    "chunked-long-data": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nOKX\r\n0\r\n\r\n",
    "chunked-lf-only": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nOK\n0\n\n",
    "chunked-truncated": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly part",
    "interim-100-then-200": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK",
    "switching-101": b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n\x01\x00\x00\x00\x00\x00\x00\x02hi",
    "no-content-204": b"HTTP/1.1 204 No Content\r\nServer: Docker/20.10\r\n\r\n",
    "not-modified-304": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
    "close-delimited": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the connection closes",
    "http10-keep-alive": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nOK",
    "connection-close": b"HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 31\r\n\r\n{\"message\":\"No such container\"}",
    "obs-fold": b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n",
    "leading-empty-lines": b"\r\n\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    "bare-lf-head": b"HTTP/1.1 200 OK\nContent-Length: 2\n\nOK",
    "bad-status-line": b"HTTP/1.1 2000 OK\r\n\r\n",
    "http2-version": b"HTTP/2.0 200 OK\r\n\r\n",
    "space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nOK",
    "nul-in-header": b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
    "no-reason": b"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n",
}


def frame(stream, payload):
    return struct.pack(">BxxxI", stream, len(payload)) + payload


LOGS = {
    "stdout-line": frame(1, b"hello\n"),
    "stdout-stderr": frame(1, b"out\n") + frame(2, b"err\n") + frame(1, b"out again\n"),
    "empty-frame": frame(1, b"") + frame(2, b"after empty\n"),
    "stdin-and-system": frame(0, b"in") + frame(3, b"system error"),
    "large-frame": frame(1, bytes(range(256)) * 4),
    "many-small": b"".join(frame(1 + i % 2, bytes([65 + i % 26]) * (i % 7 + 1)) for i in range(40)),
    "truncated-header": frame(1, b"whole") + b"\x01\x00\x00",
    "truncated-payload": frame(2, b"0123456789")[:-4],
    "bad-type": frame(1, b"ok") + b"\x07\x00\x00\x00\x00\x00\x00\x01x",
    "bad-padding": b"\x01\x00\x01\x00\x00\x00\x00\x01x",
    "tty-raw-text": b"this is a TTY stream, not multiplexed\r\n",
    "huge-length": b"\x01\x00\x00\x00\xff\xff\xff\xffpartial",
    "empty": b"",
}


def lines(*values, sep=b"\n"):
    return sep.join(json.dumps(v).encode() for v in values) + sep


LINES = {
    "pull-progress": lines(
        {"status": "Pulling from library/busybox", "id": "latest"},
        {"status": "Downloading", "progressDetail": {"current": 1024, "total": 2048}, "id": "abc"},
        {"status": "Status: Downloaded newer image for busybox:latest"},
    ),
    "error-line": lines({"errorDetail": {"message": "manifest unknown"}, "error": "manifest unknown"}),
    "build-stream": lines({"stream": "Step 1/2 : FROM busybox\n"}, {"aux": {"ID": "sha256:0123"}}),
    "crlf": lines({"a": 1}, {"b": [1, 2, 3]}, sep=b"\r\n"),
    "blank-lines": b"\n\n{\"a\":1}\n  \n\t{\"b\":2}  \n",
    "no-final-newline": b"{\"a\":1}\n{\"last\":true}",
    "invalid-json": b"{\"a\":1}\n{not json}\n",
    "scalars": b"1\n\"two\"\nnull\ntrue\n[]\n{}\n",
    "unicode": '{"s":"caf\\u00e9 \u2603"}\n'.encode(),
    "bad-utf8": b"{\"s\":\"\xff\xfe\"}\n",
    "deep": b"[" * 64 + b"]" * 64 + b"\n",
    "long-line": b"{\"x\":\"" + b"y" * 200 + b"\"}\n{\"z\":0}\n",
    "events": lines({"Type": "container", "Action": "start", "Actor": {"ID": "c0ffee", "Attributes": {"name": "web"}}}),
    "empty": b"",
}


def ws_frame(opcode, payload, fin=True, mask=None):
    """One WebSocket frame; masked (as a client sends) when `mask` (4 bytes) is given."""
    head = bytes([(0x80 if fin else 0) | opcode])
    bit = 0x80 if mask else 0
    n = len(payload)
    if n < 126:
        head += bytes([bit | n])
    elif n <= 0xFFFF:
        head += bytes([bit | 126]) + struct.pack(">H", n)
    else:
        head += bytes([bit | 127]) + struct.pack(">Q", n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


# The first byte picks the role: 0 the client (reads server frames), 1 the server.
CLIENT, SERVER = b"\x00", b"\x01"
M = b"\x37\xfa\x21\x3d"
WEBSOCKET = {
    "text": CLIENT + ws_frame(1, b"Hello"),
    "binary-fragments-ping": CLIENT + ws_frame(2, b"Hel", False) + ws_frame(9, b"ping") + ws_frame(0, b"lo"),
    "utf8-across-frames": CLIENT + ws_frame(1, b"\xe2\x82", False) + ws_frame(0, b"\xac"),
    "len16": CLIENT + ws_frame(2, b"x" * 300),
    "len64": CLIENT + ws_frame(2, b"y" * 70000),
    "close-1000": CLIENT + ws_frame(8, struct.pack(">H", 1000) + b"bye"),
    "close-empty-then-data": CLIENT + ws_frame(8, b"") + ws_frame(1, b"late"),
    "masked-from-server": CLIENT + ws_frame(1, b"Hello", mask=M),
    "reserved-bits": CLIENT + b"\xc1\x00",
    "unknown-opcode": CLIENT + b"\x83\x00",
    "fragmented-ping": CLIENT + b"\x09\x00",
    "long-ping": CLIENT + b"\x89\x7e\x00\x7e" + b"p" * 126,
    "lonely-continuation": CLIENT + b"\x80\x00",
    "non-minimal-16": CLIENT + b"\x82\x7e\x00\x05" + b"12345",
    "top-bit-64": CLIENT + b"\x82\x7f\x80" + b"\x00" * 7,
    "bad-utf8": CLIENT + ws_frame(1, b"\xc0\x80"),
    "close-1005": CLIENT + ws_frame(8, struct.pack(">H", 1005)),
    "server-masked": SERVER + ws_frame(2, b"abc", False, M) + ws_frame(10, b"", True, M) + ws_frame(0, b"def", True, M),
    "server-unmasked": SERVER + ws_frame(1, b"x"),
    "empty": CLIENT,
}


def write(target, seeds):
    directory = os.path.join(HERE, "seeds", target)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for i, (name, data) in enumerate(seeds.items()):
        with open(os.path.join(directory, "%02d-%s" % (i, name)), "wb") as f:
            f.write(data)


write("response_parser_fuzz", RESPONSES)
write("log_frames_fuzz", LOGS)
write("json_lines_fuzz", LINES)
write("websocket_frames_fuzz", WEBSOCKET)
