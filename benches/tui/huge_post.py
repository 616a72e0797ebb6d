#!/usr/bin/env python3
"""Writes a large markdown post for the huge-post benchmark: SIZE bytes of prose.

usage: huge_post.py SIZE_BYTES PARAGRAPH_BYTES > post.md
A PARAGRAPH_BYTES of 0 makes the whole post one paragraph (the hardest case for a wrapper that
collects a paragraph's words before laying it out). Words come from a fixed seed, so every run
writes the same post.
"""
import random
import sys

WORDS = ("terminal reader editor article paragraph feed search render wrap column width "
         "line byte memory store index post draft tag author link image quote list table "
         "a an the of to in on for with by is was it this that be as at from or").split()


def main() -> None:
    size, para = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(7)
    out, written, in_para = [], 0, 0
    while written < size:
        w = rng.choice(WORDS)
        out.append(w)
        written += len(w) + 1
        in_para += len(w) + 1
        if para and in_para >= para:
            out.append(".\n\n")
            written += 3
            in_para = 0
        else:
            out.append(" ")
    sys.stdout.write("".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main()
