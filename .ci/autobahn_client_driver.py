#!/usr/bin/env python3
"""Drives `ws echo-client` through the Autobahn fuzzingserver: one process per case.

usage: autobahn_client_driver.py URL WS_BINARY [AGENT]
getCaseCount and updateReports go through the `websockets` library of the Autobahn venv; every case runs
`WS_BINARY echo-client URL/runCase?case=N&agent=AGENT`, bounded in time.
"""
import asyncio
import json
import subprocess
import sys

from websockets.asyncio.client import connect

url, ws = sys.argv[1], sys.argv[2]
agent = sys.argv[3] if len(sys.argv) > 3 else "ws"


async def case_count():
    for _ in range(100):
        try:
            async with connect(url + "/getCaseCount") as sock:
                return json.loads(await sock.recv())
        except OSError:
            await asyncio.sleep(0.1)
    raise SystemExit("fuzzingserver did not come up")


async def update_reports():
    async with connect("%s/updateReports?agent=%s&shutdownOnComplete=true" % (url, agent)) as sock:
        async for _ in sock:
            pass


count = asyncio.run(case_count())
print("cases:", count, flush=True)
for case in range(1, count + 1):
    try:
        result = subprocess.run(
            [ws, "echo-client", "%s/runCase?case=%d&agent=%s" % (url, case, agent)],
            capture_output=True, text=True, timeout=600)
        print("case %d: exit %d %s" % (case, result.returncode, result.stderr.strip()[:200]), flush=True)
    except subprocess.TimeoutExpired:
        print("case %d: TIMEOUT" % case, flush=True)
asyncio.run(update_reports())
