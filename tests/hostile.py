"""A hostile corpus for the build tests: every kind of bad input beside good articles."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

GOOD_TEXT = ("North Korea has sent 3,000 soldiers to Russia, South Korean intelligence said "
             "on Monday.\n\nThe troops arrived in Vladivostok by ship, officials said.\n")


def make_hostile_corpus(root: Path) -> tuple[list[str], dict[str, str], int]:
    """Write the corpus under ``root``.

    Returns the inputs to pass to ``ckg build``, the bad inputs (name -> a word their
    error line must contain), and how many articles should be built.
    """
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(EXAMPLES / "01_iran_drones_houthis.txt", corpus / "good1.txt")
    shutil.copy(EXAMPLES / "06_israel_munitions.html", corpus / "good2.html")
    bad: dict[str, str] = {}
    built = 2

    (corpus / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (corpus / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    bad["blank.txt"] = "empty"
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    bad["image.txt"] = "binary"
    (corpus / "random.txt").write_bytes(os.urandom(4096) + b"\x00\x00")
    bad["random.txt"] = "binary"
    (corpus / "digits.txt").write_text("12 34 -- 56\n", encoding="utf-8")
    bad["digits.txt"] = "no text"
    huge = corpus / "huge.txt"
    with huge.open("wb") as out:  # 50 MB of text: refused by size, never read
        line = ("Russia sent shells to the front. " * 30 + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    bad["huge.txt"] = "--max-bytes"
    (corpus / "feed.jsonl").write_text("\n".join([
        json.dumps({"title": "Good line", "text": "Iran delivered 40 drones to the "
                    "Houthis, a United Nations panel said. \ud800 and \x07 stay harmless."}),
        "{not json",
        json.dumps({"title": "no text field"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 'Ivan "The >Hammer<" Petrov\\ said Belarus sent 12 "tanks" '
                            '<to> Russia.\nNew line \\u0000 here.',
                    "title": 'Quote " and > and \\ and\nnewline',
                    "url": 'http://example.org/a b"><script>', "author": "A \"B\" >C"}),
    ]) + "\n", encoding="utf-8")
    built += 2
    bad["feed.jsonl:2"] = "JSON"
    bad["feed.jsonl:3"] = "text"
    bad["feed.jsonl:4"] = "object"
    (corpus / "cp1252.txt").write_bytes("Kyiv’s allies sent 20 tanks to Ukraine, "
                                        "ministers said.\n".encode("cp1252"))
    built += 1  # decoded as cp1252 with a warning
    (corpus / "mixed.txt").write_bytes("Zelenskyy said Germany sent 5 Patriot systems.\n"
                                       .encode() + "Café “quoted” text.\n".encode("cp1252"))
    built += 1
    (corpus / "controls.txt").write_text("Headline\x0b\x1b[31m\n\nRussia got 7 drones "
                                         "from Iran\x00, officials said.\x7f\n",
                                         encoding="utf-8")
    bad["controls.txt"] = "binary"  # NUL bytes: refused as binary
    (corpus / "controls2.txt").write_text("Russia got 9 drones\x0c from Iran\x08, "
                                          "officials said.\n", encoding="utf-8")
    built += 1
    (corpus / "noentities.txt").write_text("the weather was mild and the bakery opened "
                                           "late on a quiet morning.\n", encoding="utf-8")
    built += 1
    (corpus / "broken.html").write_text(
        "<html><head><script>alert('x')</script><title>Drones <b>for</title></head>"
        "<body><p>Iran sent 30 drones to Russia, officials said.<div><p>Unclosed "
        "<script>document.write('<p>evil</p>')</script><p>Russia received them.",
        encoding="utf-8")
    built += 1
    (corpus / "copy_of_good1.txt").write_bytes((corpus / "good1.txt").read_bytes())  # duplicate
    (corpus / "loop").mkdir()
    (corpus / "loop" / "again").symlink_to("..", target_is_directory=True)
    bad["again"] = "symlink loop"
    (root / "self_a.txt").symlink_to(root / "self_b.txt")
    (root / "self_b.txt").symlink_to(root / "self_a.txt")
    bad["self_a.txt"] = "symlink loop"
    os.mkfifo(root / "pipe.txt")
    bad["pipe.txt"] = "not a regular file"
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    bad["report.pdf"] = "unsupported"
    bad["missing.txt"] = "no such file"
    inputs = [str(corpus), str(root / "self_a.txt"), str(root / "pipe.txt"),
              str(root / "report.pdf"), str(root / "missing.txt")]
    if os.geteuid() != 0:  # root reads any file whatever its mode
        locked = root / "locked.txt"
        locked.write_text(GOOD_TEXT, encoding="utf-8")
        locked.chmod(0)
        bad["locked.txt"] = "permission denied"
        inputs.append(str(locked))
    return inputs, bad, built
