"""A TCP proxy on loopback in front of the test PostgreSQL server, to make the database unreachable or hung (it
takes connections and data and answers nothing) and bring it back, without touching the server other tests use."""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url

from tests.botserver import free_port


class Proxy:
    """Forwards 127.0.0.1:port to the server of a PostgreSQL URL while up; down refuses (closes) connections;
    hung holds every byte both ways until it is up again."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.target = (parsed.host or "127.0.0.1", int(parsed.port or 5432))
        self.port = free_port()
        self.url = parsed.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        self._state = "up"
        self._flowing = threading.Event()
        self._flowing.set()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None

    @staticmethod
    def unused_port() -> int:
        """Return a port nothing listens on."""
        return free_port()

    def start(self) -> Proxy:
        """Listen (before this, nothing does: connections are refused)."""
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self.down()
        self._flowing.set()
        if self._listener is not None:
            self._listener.close()

    def up(self) -> None:
        self._state = "up"
        self._flowing.set()

    def hang(self) -> None:
        self._state = "hung"
        self._flowing.clear()

    def down(self) -> None:
        """Close every connection; new ones are closed at once."""
        self._state = "down"
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()
        self._flowing.set()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._state == "down":
                client.close()
                continue
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        self._flowing.wait()
        try:
            server = socket.create_connection(self.target)
        except OSError:
            client.close()
            return
        with self._lock:
            self._open += [client, server]
        for source, sink in ((client, server), (server, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                if self._state == "down":
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


__all__ = ["Proxy"]
