"""Reading and writing files the way patient data must be handled.

Writing (every output BodyMaps makes: exams, batch CSVs, pictures, PDFs, quiz results):

- ``write_private_atomic(path, text)`` (UTF-8) and ``write_private_atomic_bytes(path, data)`` write all or
  nothing: a temporary file in the target's folder, flushed and fsynced, mode 0o600, then renamed over the
  target, and the folder fsynced. A crash, a kill or a full disk leaves the previous file untouched.
- ``private_atomic_path(path)`` is the same for libraries that write by file name (matplotlib, QPdfWriter):
  ``with private_atomic_path(out) as tmp: fig.savefig(tmp, format="png")``. The temporary name ends with the
  target's suffix, so libraries that infer the format from the name still see ``.png`` or ``.pdf``.
- The output rule (``check_output``): a new file or an existing regular file is written; an existing symbolic
  link is followed and its target is replaced, atomically, beside the target (so saving an exam opened through
  a link updates the file the link points to, and the link stays a link); anything else is refused with an
  :class:`OutputRefused` whose ``strerror`` says why: a folder, a device, a named pipe, a socket, a link to one
  of them, a link loop or a dangling link. A device is never written, by name or through a link.
- Temporary names are short (``.bm<pid>-<8 random>.tmp<suffix>``), so a target name of 250 characters still
  works. A temporary left behind by a killed process (its pid gone, older than a minute, or older than a day in
  any case) is removed on the next write into that folder.
- Replacing a file gives it a new inode: other hard links to the old file keep the old content.

Reading: ``read_regular_file(path, limit)`` reads a regular file of at most ``limit`` bytes and refuses
anything else (a named pipe would block forever, ``/dev/zero`` would never end) with :class:`NotReadable`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


class FolderNotWritable(OSError):
    """The temporary file could not be created: the folder is missing or not writable."""


class OutputRefused(OSError):
    """The output path is not somewhere a file may be written (``strerror`` says why, in one line)."""


class NotReadable(OSError):
    """The input is not a regular file, or is too large (``strerror`` says why, in one line)."""


TEMP_PREFIX = ".bm"
_TEMP_RE = re.compile(r"\.bm(\d{1,10})-[A-Za-z0-9_]{8}\.tmp(\.[A-Za-z0-9]{1,8})?")
STALE_DEAD_AFTER = 60.0  # seconds: a temporary whose writer is gone (a kill -9 between write and rename)
STALE_ANY_AFTER = 24 * 3600.0  # seconds: any temporary of ours (pid reused, another machine on a shared folder)


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages ("a named pipe (FIFO)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop (too many levels of links)"
    if exc.errno == errno.ENOENT:
        return "No such file"
    return exc.strerror or str(exc)


def check_output(path: str | os.PathLike[str]) -> Path:
    """Where an output for ``path`` will really be written (see the module's rule), or OutputRefused."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except ValueError:
        raise OutputRefused(errno.EINVAL, "the path contains a NUL character") from None
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise OutputRefused(exc.errno or errno.EINVAL, _os_message(exc)) from exc
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise OutputRefused(errno.ENOENT, f"is a symbolic link to a missing file ({os.readlink(path)})") from None
        except OSError as exc:
            raise OutputRefused(exc.errno or errno.EINVAL, _os_message(exc)) from exc
        if not stat.S_ISREG(st.st_mode):
            raise OutputRefused(errno.EINVAL, f"is a symbolic link to {kind_of(st.st_mode)}, not to a regular file")
        return Path(os.path.realpath(path))
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(errno.EISDIR, "Is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefused(errno.EINVAL, f"is {kind_of(st.st_mode)}, not a regular file")
    return path


def folder_problem(folder: str | os.PathLike[str]) -> str | None:
    """Why no file can be written into ``folder`` ("does not exist", "is not writable"), or None. Checked before
    work starts, so the user hears it at once. A real probe (a temporary file made and removed): access() says
    yes to root even where nothing can be created, such as /proc."""
    if not os.path.isdir(folder):
        return "does not exist"
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}probe-", dir=folder)
    except OSError:
        return "is not writable"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def write_private_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, all or nothing, mode 0o600 (see the module's rule).

    Raises FolderNotWritable when the folder is missing or read-only, OutputRefused for a target that must not
    be written, UnicodeEncodeError for text that is not valid Unicode (a lone surrogate), another OSError
    otherwise (callers name the path in their own message).
    """
    write_private_atomic_bytes(path, text.encode("utf-8"))


def write_private_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path``, all or nothing, mode 0o600; errors as :func:`write_private_atomic`."""
    with private_atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)


@contextlib.contextmanager
def private_atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path (mode 0o600, empty) beside the real target; when the block ends without an
    exception it is fsynced and renamed over the target. On an exception it is removed and the target is
    untouched. Errors as :func:`write_private_atomic`."""
    target = check_output(path)
    folder = target.parent
    suffix = target.suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", target.suffix) else ""
    _sweep_stale(folder, target.name)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp" + suffix,
                                        dir=folder)
    except OSError as exc:
        raise FolderNotWritable(exc.errno, exc.strerror) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # a library may have replaced the file: owner-only again
            os.fsync(fd)
        finally:
            os.close(fd)
        check_output(target)  # still a regular file or nothing: never rename over a device put there meanwhile
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def _sweep_stale(folder: Path, name: str) -> None:
    """Remove temporaries of our own naming that a killed writer left behind (never another's file): ours, and
    those of earlier versions for this target (``.<name>.<8 random>.tmp``, older than a day)."""
    legacy = re.compile(re.escape(f".{name}.") + r"[A-Za-z0-9_]{8}\.tmp")
    now = time.time()
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            match = _TEMP_RE.fullmatch(entry.name)
            if match is None and not legacy.fullmatch(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
                    continue
                age = now - st.st_mtime
                dead = match is not None and age > STALE_DEAD_AFTER and not _alive(int(match.group(1)))
                if age > STALE_ANY_AFTER or dead:
                    os.unlink(entry.path)
            except OSError:
                continue


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # on Windows os.kill(pid, 0) would end that process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # exists but not ours, or cannot tell: keep the file
    return True


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; NotReadable (one-line ``strerror``) otherwise.

    The type is checked before opening, and the file is opened non-blocking and checked again, so a named pipe
    or a device is never read (and a pipe never blocks), whatever its name.
    """
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(errno.EINVAL, f"is {kind_of(st.st_mode)}, not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except ValueError:
        raise NotReadable(errno.EINVAL, "the path contains a NUL character") from None
    except NotReadable:
        raise
    except OSError as exc:
        raise NotReadable(exc.errno or errno.EIO, _os_message(exc)) from exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(errno.EINVAL, f"is {kind_of(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise NotReadable(errno.EFBIG, f"is too large ({_size(st.st_size)}; the limit is {_size(limit)})")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(errno.EFBIG, f"is too large (over {_size(limit)}, the limit)")
    return data


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
