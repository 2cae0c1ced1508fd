#!/usr/bin/env python3
"""RSS growth per idle keep-alive connection of a running proxy.

Usage: idle_connections.py PID PORT [COUNT=1000] [WARMUP=10]
After WARMUP short-lived connections of 20 requests each (so one-time costs such as compiling code are not counted),
opens COUNT connections to 127.0.0.1:PORT, sends one keep-alive GET on each (so the proxy has parsed a request and
holds the connection's state), leaves them idle, and reports the growth of VmRSS of PID divided by COUNT.
"""
import socket
import sys
import time


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def request(s):
    """One keep-alive GET; returns when the whole response (Content-Length body) has arrived."""
    s.sendall(b"GET /small HTTP/1.1\r\nHost: bench\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        body += chunk


def main():
    pid, port = int(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    # Warm-up: a few connections, each with a few requests, then closed. The first requests compile the code paths
    # (JIT) and size the runtime's one-time structures: a cost per process, not per connection, which would otherwise
    # be divided among the idle connections.
    for _ in range(warmup):
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.settimeout(10)
            for _ in range(20):
                request(s)
    time.sleep(1)
    before = rss_kb(pid)
    conns = []
    # One request at a time, so the proxy's upstream pool stays at one connection and only the idle downstream
    # connections accumulate.
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(10)
        request(s)
        conns.append(s)
    time.sleep(2)
    after = rss_kb(pid)
    print(f"{count} idle keep-alive connections: RSS {before} KiB -> {after} KiB, {(after - before) * 1024 / count:.0f} bytes per connection")
    for s in conns:
        s.close()


if __name__ == "__main__":
    main()
