"""Runs a command in a pseudo-terminal, as a user at a terminal would.

usage: pty-run.py JSON
JSON: {"argv": [...], "cwd": "...", "env": {...}, "answers": [["text to wait for", "reply"], ...],
       "timeout": seconds}
Each reply is typed (once) after its text has appeared in the output. Prints one JSON document:
{"code": exit code, "output": everything the terminal showed, "timed_out": bool}.
Only the standard library: CI machines have python3 but no node-pty.
"""
import json
import os
import pty
import select
import sys
import time

spec = json.loads(sys.argv[1])
answers = [list(a) for a in spec.get("answers", [])]
deadline = time.monotonic() + spec.get("timeout", 120)

pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

output = b""
timed_out = False
while True:
    if time.monotonic() > deadline:
        timed_out = True
        os.kill(pid, 9)
        break
    ready, _, _ = select.select([fd], [], [], 0.2)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        output += data
        text = output.decode("utf-8", "replace")
        while answers and answers[0][0] in text:
            os.write(fd, answers.pop(0)[1].encode())
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": code, "output": output.decode("utf-8", "replace"), "timed_out": timed_out}))
