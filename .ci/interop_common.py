"""Helpers shared by the interoperability scripts (.ci/interop_*.py): a pass/fail tally, loopback ports and a
`ws connect` driver."""
import asyncio
import socket
import subprocess


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


async def ws_connect_lines(command, lines, timeout=20):
    """Runs `ws connect` (`command`: its whole argument list), writes every line to its standard input, reads one
    echoed line per line sent, and only then ends its input (at the end of its input ws connect sends its close at
    once, and a peer that reads the close first need not answer what came before it). Returns the echoed lines,
    the exit status and the standard error text."""
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(("\n".join(lines) + "\n").encode())
    await proc.stdin.drain()
    echoed = []
    try:
        for _ in lines:
            echoed.append((await asyncio.wait_for(proc.stdout.readline(), timeout)).decode().rstrip("\n"))
    except asyncio.TimeoutError:
        pass
    proc.stdin.close()
    _, err = await asyncio.wait_for(proc.communicate(), timeout)
    return echoed, proc.returncode, err.decode()
