"""Helpers shared by the interoperability scripts (.ci/interop_*.py): a pass/fail tally and loopback ports."""
import asyncio
import socket


class Tally:
    """Counts checks and prints one line per check, then the closing 'N passed, N failed' line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print("ok   ", name, flush=True)
        else:
            self.failed += 1
            print("FAIL ", name, detail, flush=True)

    def finish(self):
        """Prints the summary line and returns the exit status."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for_port(port):
    """Returns once something accepts connections on 127.0.0.1:port (bounded: 10 s)."""
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("server did not start on port %d" % port)
