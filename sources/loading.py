"""Find the input files and read each into Articles: LOADERS, discover, read_path, load."""

from __future__ import annotations

import difflib
import errno
import functools
import glob
import logging
import multiprocessing as mp
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from . import feed, jsonlines, plaintext, webpage
from .article import Article
from .decoding import DEFAULT_MAX_BYTES, read_text
from .errors import SourceError

logger = logging.getLogger(__name__)

Loader = Callable[[Path, str], Iterable["Article | SourceError"]]
"""Reads one file's decoded text; yields Articles, and SourceErrors for bad items."""

LOADERS: Mapping[str, Loader] = MappingProxyType({
    "": plaintext.load,
    ".txt": plaintext.load,
    ".text": plaintext.load,
    ".md": plaintext.load,
    ".html": webpage.load,
    ".htm": webpage.load,
    ".jsonl": jsonlines.load_lines,
    ".ndjson": jsonlines.load_lines,
    ".json": jsonlines.load_document,
    ".xml": feed.load,
    ".rss": feed.load,
    ".atom": feed.load,
})
"""The loader for each supported file suffix (lower case; "" is a file without one)."""

_GLOB_MAGIC = re.compile(r"[*?[]")
_MAX_DEPTH = 100
InputPath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one input file gave: its articles in file order, and its errors."""

    articles: tuple[Article, ...] = ()
    errors: tuple[SourceError, ...] = ()


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _supported_list() -> str:
    return ", ".join(sorted(s for s in LOADERS if s)) + " or no suffix"


def loader_for(path: Path) -> Loader:
    """The loader for ``path``'s suffix.

    Raises:
        SourceError: The suffix is not supported; the message lists the supported
            ones and suggests the nearest.

    Example:
        >>> loader_for(Path("a.jsnl"))
        Traceback (most recent call last):
        ...
        sources.errors.SourceError: a.jsnl: unsupported input type '.jsnl'; did you mean \
'.jsonl'? (supported: .atom, .htm, .html, .json, .jsonl, .md, .ndjson, .rss, .text, \
.txt, .xml or no suffix)
    """
    suffix = _suffix(path)
    if suffix in LOADERS:
        return LOADERS[suffix]
    close = difflib.get_close_matches(suffix, [s for s in LOADERS if s], n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise SourceError(str(path), f"unsupported input type {suffix!r}{hint} "
                                 f"(supported: {_supported_list()})")


def discover(inputs: Iterable[InputPath] | InputPath
             ) -> tuple[list[Path], list[SourceError]]:
    """Expand files, folders and glob patterns into the files to read.

    Files are taken as given. Folders are walked recursively in sorted order,
    skipping hidden entries and files of unsupported types. Glob patterns
    (``*``, ``?``, ``[…]``, ``**``) are expanded in sorted order. Each file is listed
    once, however many inputs reach it.

    Args:
        inputs: Paths and patterns, in the order to read them.

    Returns:
        The files, and an error for each input that cannot be used: missing,
        unreadable, a symlink loop, or a file of an unsupported type.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    found = _Found()
    for item in inputs:
        text = os.fspath(item)
        path = Path(text)
        if _GLOB_MAGIC.search(text) and not os.path.lexists(path):
            found.add_pattern(text)
        else:
            found.add_input(path)
    return found.paths, found.errors


class _Found:
    """The files and errors found so far, with the identities already seen."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.errors: list[SourceError] = []
        self._seen: set[str] = set()

    def error(self, path: Path | str, reason: str) -> None:
        self.errors.append(SourceError(str(path), reason))

    def add_file(self, path: Path, identity: str | None = None) -> None:
        """Take a file once, however it is named (``identity``: its real path, if known)."""
        identity = identity or os.path.realpath(path)
        if identity in self._seen:
            logger.debug("%s: already listed", path)
            return
        self._seen.add(identity)
        self.paths.append(path)

    def add_input(self, path: Path) -> None:
        """One path the user named: a file, which must be supported, or a folder."""
        try:
            info = path.stat()
        except OSError as exc:
            self.error(path, _stat_problem(path, exc))
            return
        if stat.S_ISDIR(info.st_mode):
            self.add_folder(path)
        elif not stat.S_ISREG(info.st_mode):
            self.error(path, "not a regular file")
        elif _suffix(path) not in LOADERS:
            try:
                loader_for(path)
            except SourceError as exc:
                self.errors.append(exc)
        elif not os.access(path, os.R_OK):
            self.error(path, "permission denied")
        else:
            self.add_file(path)

    def add_pattern(self, pattern: str) -> None:
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            self.error(pattern, "no files match this pattern")
            return
        usable = False
        for match in matches:
            path = Path(match)
            if path.is_dir():
                self.add_folder(path)
                usable = True
            else:
                usable = self.add_entry(path) or usable
        if not usable:
            self.error(pattern, f"{len(matches)} paths match, none of a supported type "
                                f"(supported: {_supported_list()})")

    def add_entry(self, path: Path) -> bool:
        """A file met inside a folder or a pattern: taken only when its type is supported.

        Returns:
            Whether the file is of a supported type (taken, or reported as unusable).
        """
        if _suffix(path) not in LOADERS:
            return False
        try:
            info = path.stat()
        except OSError as exc:
            self.error(path, _stat_problem(path, exc))
            return True
        if stat.S_ISREG(info.st_mode):
            self.add_file(path)
        return True

    def add_folder(self, folder: Path, ancestors: tuple[str, ...] = ()) -> None:
        """Walk ``folder`` depth first in name order; a symlink back up is an error."""
        real = os.path.realpath(folder)
        if real in ancestors:
            self.error(folder, "symlink loop: this folder links back to a folder that "
                               "contains it")
            return
        if len(ancestors) > _MAX_DEPTH:
            self.error(folder, f"folders nested more than {_MAX_DEPTH} deep; not read")
            return
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.error(folder, f"cannot read folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_folder = entry.is_dir()
            except OSError as exc:
                self.error(path, _stat_problem(path, exc))
                continue
            if is_folder:
                self.add_folder(path, (*ancestors, real))
            elif _suffix(path) in LOADERS and entry.is_file(follow_symlinks=False):
                self.add_file(path, os.path.join(real, entry.name))  # no stat, no realpath
            else:
                self.add_entry(path)


def _stat_problem(path: Path, exc: OSError) -> str:
    """Say why a path cannot be used, with a did-you-mean for a misspelt name."""
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link never reaches a file"
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return "broken symbolic link (its target does not exist)"
        hint = _nearest_sibling(path)
        return "no such file or folder" + (f"; did you mean {hint!r}?" if hint else "")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def _nearest_sibling(path: Path) -> str | None:
    parent = path.parent
    try:
        names = [name for name in os.listdir(parent) if not name.startswith(".")]
    except OSError:
        return None
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    return str(parent / close[0]) if close else None


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read one file into Articles.

    A problem with the whole file (unsupported type, too large, binary, empty, not
    parseable) gives no articles and one error. Files holding many articles (JSON
    Lines, JSON lists, feeds) give the good articles plus one error per bad item.

    Args:
        path: The file.
        max_bytes: The largest file accepted; larger files are refused unread.

    Returns:
        The articles in file order, and the errors.
    """
    try:
        loader = loader_for(path)
        items = list(loader(path, read_text(path, max_bytes=max_bytes)))
    except SourceError as exc:
        return ReadResult(errors=(exc,))
    except Exception as exc:  # a loader bug must not cost the other inputs
        logger.exception("%s: unexpected failure while reading", path)
        return ReadResult(errors=(SourceError(str(path), f"cannot read: {exc!r}"),))
    return ReadResult(
        articles=tuple(item for item in items if isinstance(item, Article)),
        errors=tuple(item for item in items if isinstance(item, SourceError)),
    )


def load(inputs: Iterable[InputPath] | InputPath, *, max_bytes: int = DEFAULT_MAX_BYTES,
         on_error: Callable[[SourceError], None] | None = None,
         on_duplicate: Callable[[SourceError], None] | None = None,
         jobs: int = 1) -> Iterator[Article]:
    """Read every article from files, folders and glob patterns.

    Order is deterministic: inputs in the order given, files sorted within folders,
    articles in file order. An article whose text duplicates one already read (same
    ``id``) is skipped, and logged at INFO.

    Args:
        inputs: Paths and patterns.
        max_bytes: The largest file accepted.
        on_error: Called with each SourceError (inputs that cannot be found first,
            then each file's errors before its articles). When None, the first
            error is raised.
        on_duplicate: Called with a SourceError naming each skipped duplicate and the
            input it repeats (a notice, not a failure).
        jobs: Many files are read in this many forked processes; the result is the same.

    Yields:
        Each distinct article once.

    Raises:
        SourceError: An input failed and ``on_error`` is None.
    """
    def report(error: SourceError) -> None:
        if on_error is None:
            raise error
        on_error(error)

    paths, errors = discover(inputs)
    for error in errors:
        report(error)
    first_seen: dict[str, str] = {}
    for result in _read_all(paths, max_bytes, jobs):
        for error in result.errors:
            report(error)
        for article in result.articles:
            if article.id in first_seen:
                logger.info("%s: same text as %s; skipped as a duplicate",
                            article.source, first_seen[article.id])
                if on_duplicate is not None:
                    on_duplicate(SourceError(article.source, f"same text as "
                                             f"{first_seen[article.id]}; skipped as a duplicate"))
                continue
            first_seen[article.id] = article.source
            yield article


#: Files per task when reading in several processes; fewer than four tasks' worth of
#: files are read in this process.
PARALLEL_CHUNK_FILES = 256


def _read_all(paths: list[Path], max_bytes: int, jobs: int) -> Iterator[ReadResult]:
    """``read_path`` of each path, in order; in ``jobs`` forked processes for many files."""
    if jobs <= 1 or len(paths) < 4 * PARALLEL_CHUNK_FILES \
            or "fork" not in mp.get_all_start_methods():
        for path in paths:
            yield read_path(path, max_bytes=max_bytes)
        return
    from concurrent.futures import ProcessPoolExecutor

    read = functools.partial(read_path, max_bytes=max_bytes)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork")) as pool:
        yield from pool.map(read, paths, chunksize=PARALLEL_CHUNK_FILES)
