#!/usr/bin/env python3
"""RSS growth per idle keep-alive connection of a running proxy.

Usage: idle_connections.py PID PORT [COUNT=1000]
Opens COUNT connections to 127.0.0.1:PORT, sends one keep-alive GET on each (so the proxy has parsed a request and
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


def main():
    pid, port = int(sys.argv[1]), int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    time.sleep(1)
    before = rss_kb(pid)
    conns = []
    # One request at a time, so the proxy's upstream pool stays at one connection and only the idle downstream
    # connections accumulate.
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.settimeout(10)
        s.sendall(b"GET /small HTTP/1.1\r\nHost: bench\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        conns.append(s)
    time.sleep(2)
    after = rss_kb(pid)
    print(f"{count} idle keep-alive connections: RSS {before} KiB -> {after} KiB, {(after - before) * 1024 / count:.0f} bytes per connection")
    for s in conns:
        s.close()


if __name__ == "__main__":
    main()
