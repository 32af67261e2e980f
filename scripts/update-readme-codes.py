#!/usr/bin/env python3
"""Put the output of `ictrank codes --format markdown` into the README's codes block."""

import re
import subprocess
from pathlib import Path

readme = Path(__file__).resolve().parents[1] / "README.md"
table = subprocess.run(["ictrank", "codes", "--format", "markdown"], capture_output=True,
                       text=True, check=True).stdout
text = readme.read_text(encoding="utf-8")
block = re.compile(r"(<!-- codes:[^\n]*-->\n).*?(<!-- /codes -->)", re.S)
readme.write_text(block.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")
