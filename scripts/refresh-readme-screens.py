#!/usr/bin/env python3
"""Re-records every screen block of README.md: a ```text block whose first line is
`$ gpw snapshot ...` is replaced by what that command prints now (the line itself included).

    swift build -c release && scripts/refresh-readme-screens.py .build/release/gpw
"""
import re, shlex, subprocess, sys

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/gpw"
path = "README.md"
text = open(path, encoding="utf-8").read()

def rerun(match):
    command = match.group(1)
    words = shlex.split(command)
    assert words[:2] == ["gpw", "snapshot"], command
    out = subprocess.run([binary] + words[1:], check=True, capture_output=True, text=True).stdout
    return "```text\n" + out + "```"

new = re.sub(r"```text\n\$ (gpw snapshot[^\n]*)\n.*?```", rerun, text, flags=re.S)
open(path, "w", encoding="utf-8").write(new)
print("screens:", len(re.findall(r"```text\n\$ gpw snapshot", new)))
