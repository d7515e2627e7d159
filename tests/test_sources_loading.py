"""Finding inputs (files, folders, globs, symlinks) and loading them in a stable order."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

import sources
from sources import (
    DEFAULT_MAX_BYTES,
    LOADERS,
    Article,
    ReadResult,
    SourceError,
    discover,
    load,
    read_path,
)

DATA = Path(__file__).parent / "data" / "sources"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    """A folder of inputs with hidden, unsupported and nested entries."""
    root = tmp_path / "in"
    _write(root / "b.txt", "Story B about shells.\n")
    _write(root / "a.txt", "Story A about drones.\n")
    _write(root / "sub" / "c.md", "Story C about tanks.\n")
    _write(root / "sub" / "deeper" / "d.jsonl", '{"text": "Story D1."}\n{"text": "Story D2."}\n')
    _write(root / "Z.HTML", "<p>Story Z about rockets.</p>")
    _write(root / "notes", "Story N without a suffix.\n")
    _write(root / "image.png", "not really an image")
    _write(root / "report.pdf", "%PDF-1.7")
    _write(root / ".hidden.txt", "Hidden story.\n")
    _write(root / ".git" / "e.txt", "Story in a hidden folder.\n")
    return root


def _names(paths):
    return [p.name for p in paths]


def test_loading_public_names():
    assert set(sources.__all__) >= {"LOADERS", "discover", "load", "read_path",
                                    "ReadResult", "DEFAULT_MAX_BYTES", "Article",
                                    "SourceError", "content_id"}
    assert sorted(LOADERS) == ["", ".atom", ".htm", ".html", ".json", ".jsonl", ".md",
                               ".ndjson", ".rss", ".text", ".txt", ".xml"]
    assert DEFAULT_MAX_BYTES > 1_000_000


def test_loading_loaders_are_read_only():
    with pytest.raises(TypeError):
        LOADERS[".pdf"] = LOADERS[".txt"]  # type: ignore[index]


def test_loading_read_result_is_frozen():
    result = ReadResult()
    with pytest.raises(AttributeError):
        result.articles = ()  # type: ignore[misc]


def test_discover_walks_folders_sorted_skipping_hidden_and_unsupported(tree):
    paths, errors = discover([tree])
    assert errors == []
    assert [p.relative_to(tree).as_posix() for p in paths] == [
        "Z.HTML", "a.txt", "b.txt", "notes", "sub/c.md", "sub/deeper/d.jsonl"]


def test_discover_keeps_input_order_and_lists_each_file_once(tree):
    paths, errors = discover([tree / "b.txt", tree, tree / "sub" / ".." / "a.txt",
                              str(tree / "b.txt")])
    assert errors == []
    assert [p.relative_to(tree).as_posix() for p in paths] == [
        "b.txt", "Z.HTML", "a.txt", "notes", "sub/c.md", "sub/deeper/d.jsonl"]


def test_discover_accepts_a_single_path(tree):
    assert discover(tree / "a.txt") == ([tree / "a.txt"], [])
    assert discover(str(tree / "a.txt")) == ([tree / "a.txt"], [])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt", "b.txt"]),
        ("?.txt", ["a.txt", "b.txt"]),
        ("[ab].txt", ["a.txt", "b.txt"]),
        ("**/*.md", ["c.md"]),
        ("**/*.jsonl", ["d.jsonl"]),
        ("s*", ["c.md", "d.jsonl"]),
        ("*", ["Z.HTML", "a.txt", "b.txt", "notes", "c.md", "d.jsonl"]),
    ],
    ids=["star", "question", "bracket", "recursive", "recursive-deep", "folder-match",
         "everything"],
)
def test_discover_expands_globs_sorted(tree, pattern, expected):
    paths, errors = discover([str(tree / pattern)])
    assert errors == []
    assert _names(paths) == expected


def test_discover_glob_matching_nothing_is_an_error(tree):
    pattern = str(tree / "*.rss")
    paths, errors = discover([pattern])
    assert paths == []
    assert [str(e) for e in errors] == [f"{pattern}: no files match this pattern"]


def test_discover_glob_matching_only_unsupported_files_is_an_error(tree):
    pattern = str(tree / "*.p[dn][fg]")
    paths, (error,) = discover([pattern])
    assert paths == []
    assert str(error).startswith(f"{pattern}: 2 paths match, none of a supported type")
    assert ".jsonl" in str(error)


def test_discover_glob_matching_files_already_listed_is_not_an_error(tree):
    paths, errors = discover([tree / "a.txt", str(tree / "a.*")])
    assert (paths, errors) == ([tree / "a.txt"], [])


def test_discover_existing_file_with_glob_characters_is_taken_literally(tmp_path):
    path = _write(tmp_path / "odd[1].txt", "Literal story.\n")
    assert discover([str(path)]) == ([path], [])


def test_discover_unsupported_explicit_file_lists_supported_types(tree):
    paths, (error,) = discover([tree / "report.pdf"])
    assert paths == []
    message = str(error)
    assert message == (f"{tree / 'report.pdf'}: unsupported input type '.pdf' (supported: "
                       ".atom, .htm, .html, .json, .jsonl, .md, .ndjson, .rss, .text, .txt, "
                       ".xml or no suffix)")


@pytest.mark.parametrize(("name", "hint"), [("a.jsnl", ".jsonl"), ("a.ndjsn", ".ndjson"),
                                            ("a.txtt", ".txt")])
def test_discover_unsupported_suffix_suggests_the_nearest(tmp_path, name, hint):
    path = _write(tmp_path / name, "Story.\n")
    _, (error,) = discover([path])
    assert f"did you mean {hint!r}?" in str(error)


def test_discover_missing_path_suggests_a_close_name(tree):
    _, (error,) = discover([tree / "b.tx"])
    assert str(error) == (f"{tree / 'b.tx'}: no such file or folder; "
                          f"did you mean {str(tree / 'b.txt')!r}?")
    _, (error,) = discover([tree / "nothing-like-it.txt"])
    assert str(error) == f"{tree / 'nothing-like-it.txt'}: no such file or folder"


def test_discover_symlink_loop_in_a_folder_is_an_error(tmp_path):
    root = tmp_path / "in"
    _write(root / "a.txt", "Story A.\n")
    (root / "loop").symlink_to(root, target_is_directory=True)
    paths, errors = discover([root])
    assert paths == [root / "a.txt"]
    assert [str(e) for e in errors] == [
        f"{root / 'loop'}: symlink loop: this folder links back to a folder that "
        "contains it"]


def test_discover_file_symlink_loop_is_an_error(tmp_path):
    first, second = tmp_path / "x.txt", tmp_path / "y.txt"
    first.symlink_to(second)
    second.symlink_to(first)
    paths, errors = discover([first, tmp_path])
    assert paths == []
    messages = [str(e) for e in errors]
    assert messages[0] == f"{first}: symlink loop: the link never reaches a file"
    assert len(messages) == 3 and all("symlink loop" in m for m in messages)


def test_discover_broken_symlink_is_an_error(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    _, (error,) = discover([link])
    assert str(error) == f"{link}: broken symbolic link (its target does not exist)"


def test_discover_symlinked_file_is_listed_once(tmp_path):
    target = _write(tmp_path / "real.txt", "Story.\n")
    (tmp_path / "alias.txt").symlink_to(target)
    paths, errors = discover([tmp_path])
    assert (paths, errors) == ([tmp_path / "alias.txt"], [])


def test_discover_unreadable_folder_is_an_error(tree, monkeypatch):
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths, errors = discover([tree])
    assert "c.md" not in _names(paths)
    assert [str(e) for e in errors] == [f"{tree / 'sub'}: cannot read folder: "
                                        "Permission denied"]


def test_discover_unreadable_file_is_an_error(tree, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    _, (error,) = discover([tree / "a.txt"])
    assert str(error) == f"{tree / 'a.txt'}: permission denied"


def test_discover_fifo_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert [str(e) for e in discover([fifo])[1]] == [f"{fifo}: not a regular file"]
    assert discover([tmp_path]) == ([], [])


def test_read_path_unsupported_type_is_one_error(tree):
    result = read_path(tree / "report.pdf")
    assert result.articles == ()
    (error,) = result.errors
    assert str(error).startswith(f"{tree / 'report.pdf'}: unsupported input type '.pdf'")


def test_read_path_reports_a_loader_bug_as_a_source_error(tmp_path, monkeypatch):
    def broken(path, text):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(sources.loading, "loader_for", lambda path: broken)
    path = _write(tmp_path / "a.txt", "Story.\n")
    result = read_path(path)
    assert result.articles == ()
    assert str(result.errors[0]).startswith(f"{path}: cannot read: ZeroDivisionError")


def test_load_yields_articles_in_deterministic_order(tree):
    texts = [a.text for a in load([tree / "b.txt", tree])]
    assert texts == ["Story B about shells.\n", "Story Z about rockets.",
                     "Story A about drones.\n", "Story N without a suffix.\n",
                     "Story C about tanks.\n", "Story D1.", "Story D2."]
    assert [a.text for a in load([tree / "b.txt", tree])] == texts


def test_load_yields_duplicate_articles_once_and_logs_it(tmp_path, caplog):
    first = _write(tmp_path / "one.txt", "North Korean troops arrived.\n")
    _write(tmp_path / "two.txt", "North Korean   troops arrived.")  # same normalised text
    with caplog.at_level(logging.INFO, logger="sources.loading"):
        articles = list(load([tmp_path]))
    assert [a.source for a in articles] == [str(first)]
    (record,) = [r for r in caplog.records if "duplicate" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert "two.txt" in record.getMessage() and "one.txt" in record.getMessage()


def test_load_passes_every_error_to_on_error_and_keeps_going(tmp_path):
    _write(tmp_path / "good.txt", "A good story.\n")
    _write(tmp_path / "empty.txt", "")
    _write(tmp_path / "lines.jsonl", '{"text": "Line one."}\n{oops}\n')
    errors: list[SourceError] = []
    articles = list(load([tmp_path, tmp_path / "missing.txt"], on_error=errors.append))
    assert [a.text for a in articles] == ["A good story.\n", "Line one."]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'missing.txt'}: no such file or folder",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'lines.jsonl'}:2: invalid JSON (Expecting property name enclosed in "
        "double quotes at line 1 column 2)",
    ]


def test_load_raises_the_first_error_without_on_error(tmp_path):
    _write(tmp_path / "a.txt", "A good story.\n")
    _write(tmp_path / "b.txt", "")
    loaded = load([tmp_path])
    assert next(loaded).text == "A good story.\n"
    with pytest.raises(SourceError, match="b.txt: empty file"):
        next(loaded)


def test_load_max_bytes_is_passed_to_every_file(tmp_path):
    _write(tmp_path / "a.txt", "A good story that is long enough.\n")
    errors: list[SourceError] = []
    assert list(load([tmp_path], max_bytes=10, on_error=errors.append)) == []
    assert "--max-bytes" in str(errors[0])


def test_load_reads_every_supported_type(tmp_path):
    articles = list(load([DATA], on_error=lambda error: None))
    assert {a.source_file for a in articles} == {
        "articles.json", "articles.jsonl", "byline_pipe.txt", "cp1252.txt", "feed.atom",
        "feed.rss", "headline_only.txt", "nav_junk.txt", "no_header.txt", "page.html"}
    assert all(isinstance(a, Article) for a in articles)
    assert len({a.id for a in articles}) == len(articles)


def test_reading_in_processes_gives_the_same_articles_errors_and_duplicates(tmp_path,
                                                                          monkeypatch):
    import sources.loading as loading

    for i in range(40):
        text = "Same text again." if i in (7, 30) else f"Title {i}\n\nBody number {i}."
        (tmp_path / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a13.txt").write_bytes(b"")  # empty
    (tmp_path / "a21.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)

    def run(jobs: int) -> tuple[list, list[str], list[str]]:
        errors: list[SourceError] = []
        notices: list[SourceError] = []
        articles = list(load([tmp_path], jobs=jobs, on_error=errors.append,
                             on_duplicate=notices.append))
        return articles, [str(e) for e in errors], [str(n) for n in notices]

    serial = run(1)
    monkeypatch.setattr(loading, "PARALLEL_CHUNK_FILES", 3)
    parallel = run(2)
    assert parallel == serial
    assert len(serial[0]) == 37 and len(serial[1]) == 2 and len(serial[2]) == 1
    assert all(isinstance(e, str) and ": " in e for e in serial[1])


def test_a_source_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(SourceError("a.txt", "empty file")))
    assert (error.source, error.reason, str(error)) == ("a.txt", "empty file", "a.txt: empty file")
