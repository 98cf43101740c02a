#!/usr/bin/env python3
"""Writes src/planner/intent/common_neighbours.txt: the common English words (Zipf frequency
2.5 or more in the `wordfreq` package) one edit (a transposed, dropped, extra or mistyped
letter) from a word of the planner's spelling TARGETS. The planner never reads such a word
as a typing error ("fight" is no "flight").

    pip install wordfreq && python3 scripts/spelling-neighbours.py
"""

import re
import string
from pathlib import Path

from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src/planner/intent/spelling.rs"
OUT = ROOT / "src/planner/intent/common_neighbours.txt"


def targets():
    text = SOURCE.read_text()
    start = text.index("TARGETS: [")
    return re.findall(r'"([a-z]+)"', text[start:text.index("];", start)])


def neighbours(word):
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts)


def main():
    wanted = set(targets())
    common = sorted({n for t in wanted for n in neighbours(t)
                     if n not in wanted and len(n) >= 4 and zipf_frequency(n, "en") >= 2.5})
    OUT.write_text("".join(f"{w}\n" for w in common))
    print(f"{len(common)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
