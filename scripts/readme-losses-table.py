#!/usr/bin/env python3
"""Prints the README's table of losses from `gpw losses --json` (so the table cannot drift from
the catalogue). Usage: python3 scripts/readme-losses-table.py .build/debug/gpw"""
import json
import subprocess
import sys

gpw = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/gpw"
catalogue = json.loads(subprocess.run([gpw, "losses", "--json"], check=True, capture_output=True, text=True).stdout)
print("| loss | paper | parameters (defaults) | uses | this spec reproduces (pytorch-metric-learning 2.9.0 unless named) |")
print("| --- | --- | --- | --- | --- |")
for loss in catalogue["losses"]:
    params = ", ".join(f"{p['name']}={p['default']}" for p in loss["parameters"]) or "none"
    claims = "<br>".join(
        (f"`{c['spec']}` = `{c['call']}`" + (f" + `{c['miner']}`" if c["miner"] else "")
         + ("" if c["library"] == "pytorch-metric-learning" else f" ({c['library'].split(' ')[0]})"))
        for c in loss["reproduces"])
    uses = ", ".join(loss["similarity_types"]) or "none"
    print(f"| `{loss['name']}` | {loss['title']} ({loss['citation']}) | {params} | {uses} | {claims} |")
