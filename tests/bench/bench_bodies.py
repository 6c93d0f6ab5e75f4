"""Memory of `privacy-bot serve --http` while clients send huge unsigned bodies.

Eight clients at once announce and start sending 100 MB bodies (and keep sending until the server stops them);
printed: the server's resident memory (gunicorn master and workers, from /proc) before, during and after, and
what each client got back. Target: 413 for every one, memory flat.

    python tests/bench/bench_bodies.py [--clients 8] [--megabytes 100]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.botserver import BotServer
from tests.fakeslack import FakeSlack


def rss_mb(root: int) -> float:
    """Return the resident memory of a process and its children, in MB."""
    pids = [root]
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().split()
        except OSError:
            continue
        if len(fields) > 3 and int(fields[3]) == root:
            pids.append(int(fields[0]))
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def flood(port: int, megabytes: int, results: list[str]) -> None:
    chunk = b"{" * 65536
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {megabytes * 1_000_000}\r\n\r\n".encode())
            sent = 0
            try:
                while sent < megabytes * 1_000_000:
                    sock.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the server answered and closed: it stopped reading
            reply = sock.recv(100).split(b"\r\n")[0].decode(errors="replace")
            results.append(f"{reply} after {sent / 1e6:.1f} MB sent")
    except OSError as exc:
        results.append(f"{type(exc).__name__}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args()
    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        server = BotServer(fake, Path(tmp)).start()
        try:
            assert server.process is not None
            time.sleep(1)
            before = rss_mb(server.process.pid)
            results: list[str] = []
            peak = before
            threads = [threading.Thread(target=flood, args=(server.port, args.megabytes, results))
                       for _ in range(args.clients)]
            for t in threads:
                t.start()
            while any(t.is_alive() for t in threads):
                peak = max(peak, rss_mb(server.process.pid))
                time.sleep(0.05)
            after = rss_mb(server.process.pid)
            print(f"{args.clients} clients x {args.megabytes} MB announced bodies, unsigned")
            print(f"server RSS (master + workers): before {before:.0f} MB, peak {peak:.0f} MB, after {after:.0f} MB")
            for line in sorted(set(results)):
                print(f"  {results.count(line)} x {line}")
            print(f"healthz after: {server.get('/healthz')[0]}")
        finally:
            server.stop()
            fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
