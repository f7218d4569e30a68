"""Drive wa-token through a real pseudo-terminal: answer its prompts like a person.

    python3 pty_session.py PROMPT=ANSWER [PROMPT=ANSWER ...] -- COMMAND [ARGS...]

Each time the terminal output shows PROMPT, ANSWER and Enter are typed (an answer of
`<y>` sends a single `y` key, `<ctrl-c>` an interrupt). Prints everything the terminal showed, then a last line
`exit=N`.
"""
import os, pty, select, sys, time

def main():
    sep = sys.argv.index("--")
    pairs = [a.split("=", 1) for a in sys.argv[1:sep]]
    cmd = sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    seen = b""
    pending = list(pairs)
    deadline = time.time() + 30
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if pending and pending[0][0].encode() in seen:
            prompt, answer = pending.pop(0)
            time.sleep(0.2)
            keys = {"<y>": b"y", "<n>": b"n", "<ctrl-c>": b"\x03"}.get(answer, answer.encode() + b"\r")
            os.write(fd, keys)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode("utf-8", "replace"))
    sys.stdout.write(f"\nexit={os.waitstatus_to_exitcode(status)}\n")

main()
