#!/usr/bin/env python3
"""Syscalls per request of the bot host, from `strace -f -tt -s 100` of it under `tests/speed.sh turn`
(session 49; `PROFILE_SYSCALLS=1 tests/turn-profile.sh` runs both).

Each window opens at the recvfrom that reads a request's first line (POST /api/messages: a turn; POST
/api/answers/check: a check) and closes at the send of its reply (HTTP/1.1 ...); every syscall of every thread in the
window is counted (the driver sends one request at a time, so a window holds one request and what ran beside it: the
checkpointer, idle pool workers spinning in sched_yield). Usage: turn-syscalls.py STRACE_FILE [WINDOWS_TO_SKIP]
(skip the first windows of each kind: the warm-up, when the JIT still writes code).
"""
import collections
import re
import sys

CALL = re.compile(r'^(\d+)\s+\S+ (?:<\.\.\. (\w+) resumed>|(\w+)\()')


def main() -> None:
    path = sys.argv[1]
    skip = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    windows: dict[str, list[collections.Counter]] = {'turn': [], 'check': []}
    current = None
    with open(path, errors='replace') as lines:
        for line in lines:
            match = CALL.match(line)
            if not match:
                continue
            name = match.group(3)
            if 'POST /api/messages' in line:
                current = ('turn', collections.Counter())
                continue
            if 'POST /api/answers/check' in line:
                current = ('check', collections.Counter())
                continue
            if current is None:
                continue
            if name:
                current[1][name] += 1
            if name in ('sendto', 'writev', 'write', 'sendmsg') and 'HTTP/1.1 ' in line:
                windows[current[0]].append(current[1])
                current = None
    for kind, found in windows.items():
        found = found[skip:]
        total: collections.Counter = collections.Counter()
        for window in found:
            total.update(window)
        count = max(len(found), 1)
        print(f'{kind}: {len(found)} requests, {sum(total.values()) / count:.1f} syscalls a request (all threads)')
        for name, n in total.most_common(14):
            print(f'    {name:<16} {n / count:6.2f}')


if __name__ == '__main__':
    main()
