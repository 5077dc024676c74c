#!/usr/bin/env python3
"""Reads a session's history (the JSON entries of `LRANGE sb:session:{ID}:history 0 -1`, one per
line) on standard input.

    session_history.py             prints how many caller lines it holds
    session_history.py LINE...     prints a summary; exit status 0 when the caller lines are exactly
                                   LINE..., in order, and each is followed by an answer

A hand-off between agents repeats the caller's line for the new agent: it counts once. The
recogniser writes some numbers as digits, so "one two" and "1 2" are the same line.
"""
import json
import re
import sys

DIGITS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
ROLES = {"user": "U", "assistant": "A", "tool": "T", "system": "S"}


def normalized(line):
    words = re.sub(r"[^a-z0-9 ]", "", line.lower()).split()
    return " ".join(DIGITS.get(word, word) for word in words)


def main():
    entries = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip()]
    heard = []
    for entry in entries:
        if entry.get("role") == "user":
            line = normalized(entry.get("content") or "")
            if not heard or heard[-1] != line:
                heard.append(line)
    if len(sys.argv) == 1:
        print(len(heard))
        return 0
    users = [i for i, entry in enumerate(entries) if entry.get("role") == "user"]
    answered = all(any(entry.get("role") == "assistant" for entry in entries[i + 1 :]) for i in users)
    roles = "".join(ROLES.get(entry.get("role"), "?") for entry in entries)
    print(f"# history: {roles} (U user, A agent, T tool), caller lines {heard}")
    return 0 if heard == [normalized(line) for line in sys.argv[1:]] and answered else 1


if __name__ == "__main__":
    sys.exit(main())
