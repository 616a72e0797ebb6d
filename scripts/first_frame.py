#!/usr/bin/env python3
"""Measures a terminal program's first frame from outside, as a person would see it.

    scripts/first_frame.py --wait TEXT [--keys KEY --then-wait TEXT] [--runs N] -- COMMAND [ARGS...]

Each run starts COMMAND in a detached tmux session of a fixed size (120x40 by default) and polls
`tmux capture-pane -p` every few milliseconds until TEXT is on the screen: the time from just
before `tmux new-session` to that capture is the first-frame time. With --keys, it then sends
those keys (tmux key names, e.g. Enter) and times until --then-wait's text shows. Peak memory is
VmHWM from /proc/PID/status of the program (the largest in the pane's process tree), read at
each point. The tmux server runs on a private socket, started before the first run so its start
is not counted; the harness itself costs a few milliseconds (measure it with
`--wait READY -- sh -c 'echo READY; exec sleep 60'`).

Prints one line per run and the medians. Linux only (reads /proc).
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def tmux(sock, *args, check=True):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", *args], check=check, capture_output=True, text=True)


def wait_or_exit(sock, name, text, interval, start, timeout):
    """When `text` showed; if it never does, exit showing the screen instead."""
    seen = wait_for(sock, name, text, interval, start + timeout)
    if seen is None:
        screen = tmux(sock, "capture-pane", "-p", "-t", name, check=False).stdout
        sys.exit(f"'{text}' did not show within {timeout} s; the screen was:\n{screen}")
    return seen


def tree(pid):
    """pid and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def peak_kib(pid):
    """The largest VmHWM (peak resident set, KiB) in pid's process tree."""
    best = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        best = max(best, int(line.split()[1]))
        except OSError:
            pass
    return best


def wait_for(sock, target, text, interval, deadline):
    """Polls the pane until text shows; returns the time it was seen, or None at the deadline."""
    while time.monotonic() < deadline:
        started = time.monotonic()
        screen = tmux(sock, "capture-pane", "-p", "-t", target, check=False).stdout
        if text in screen:
            return time.monotonic()
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return None


def one_run(args, sock, n):
    name = f"run{n}"
    command = "exec " + shlex.join(args.command)
    t0 = time.monotonic()
    pid = int(
        tmux(sock, "new-session", "-d", "-s", name, "-x", str(args.width), "-y", str(args.height),
             "-P", "-F", "#{pane_pid}", command).stdout.strip()
    )
    result = {}
    try:
        seen = wait_or_exit(sock, name, args.wait, args.interval, t0, args.timeout)
        result["first_frame_ms"] = (seen - t0) * 1000
        result["peak_mib"] = peak_kib(pid) / 1024
        if args.keys:
            t1 = time.monotonic()
            tmux(sock, "send-keys", "-t", name, *args.keys)
            seen = wait_or_exit(sock, name, args.then_wait, args.interval, t1, args.timeout)
            result["keys_ms"] = (seen - t1) * 1000
            result["peak_after_keys_mib"] = peak_kib(pid) / 1024
        if args.settle:
            time.sleep(args.settle)
            result["peak_settled_mib"] = peak_kib(pid) / 1024
    finally:
        tmux(sock, "kill-session", "-t", name, check=False)
        # Wait for the program to go, so runs do not overlap.
        for _ in range(500):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.01)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wait", required=True, help="text that marks the first complete frame")
    ap.add_argument("--keys", nargs="+", help="tmux key names to send after the first frame")
    ap.add_argument("--then-wait", help="text that marks the frame after --keys")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--width", type=int, default=120)
    ap.add_argument("--height", type=int, default=40)
    ap.add_argument("--interval", type=float, default=0.005, help="seconds between captures")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a text")
    ap.add_argument("--settle", type=float, default=0.0, help="seconds to wait before a last VmHWM reading")
    ap.add_argument("command", nargs="+")
    args = ap.parse_args()
    if bool(args.keys) != bool(args.then_wait):
        ap.error("--keys and --then-wait go together")

    sock = f"first-frame-{os.getpid()}"
    tmux(sock, "new-session", "-d", "-s", "keepalive", "sleep 86400")
    try:
        results = []
        for n in range(args.runs):
            r = one_run(args, sock, n)
            results.append(r)
            print(f"run {n + 1}: " + "  ".join(f"{k} {v:.1f}" for k, v in r.items()), flush=True)
    finally:
        tmux(sock, "kill-server", check=False)
    print("median: " + "  ".join(f"{k} {statistics.median(r[k] for r in results):.1f}" for k in results[0]))


if __name__ == "__main__":
    main()
