"""Start one command and report its time and peak memory: `launch.py FD COMMAND...`.

Run by path from the benchmark runner. On Linux a process's peak memory
(ru_maxrss) starts from the resident size of whoever forked it, so a child
forked by the runner (which holds SQLAlchemy, Qt and test data) would report
the runner's size. This small process forks the command instead, waits for it
with wait4, and writes {"spawned_at", "wall_s", "maxrss", "status"} as JSON to
file descriptor FD; the command inherits stdin, stdout and stderr, not FD.
"""

from __future__ import annotations

import json
import os
import sys
import time

report = int(sys.argv[1])
command = sys.argv[2:]
spawned_at = time.time()
start = time.perf_counter()
pid = os.posix_spawnp(
    command[0], command, os.environ, file_actions=[(os.POSIX_SPAWN_CLOSE, report)]
)
_pid, status, rusage = os.wait4(pid, 0)
wall_s = time.perf_counter() - start
result = {
    "spawned_at": spawned_at,
    "wall_s": wall_s,
    "maxrss": rusage.ru_maxrss,
    "status": os.waitstatus_to_exitcode(status),
}
os.write(report, json.dumps(result).encode())
os.close(report)
sys.exit(0 if result["status"] == 0 else 1)
