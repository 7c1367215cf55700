"""Opening a file the desk serves, checked when it is served rather than when it was built.

The address tables (`Desk.files()`, `Desk.sources()`) say which names may be asked for, but
what stands under those names can change after the build: an article swapped for a link to
/etc/passwd, the articles folder for a link to another. So a file is opened one path
component at a time from `/`, each relative to the folder opened before it and none through
a symbolic link (`O_NOFOLLOW` at every step), and it is served from that open file only if
it is a regular file inside its root. Nothing can be swapped in between the check and the
read: the check is made on the file that is read.
"""

from __future__ import annotations

import os
import stat
from io import BufferedReader
from pathlib import Path

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO must not hang


def open_served(path: Path, root: Path) -> BufferedReader | None:
    """`path` open for reading, or None unless it is a regular file inside `root` reached
    from `/` without a symbolic link anywhere on the way (`root` included)."""
    if not path.is_absolute() or ".." in path.parts or not path.is_relative_to(root) \
            or path == root:
        return None
    *folders, name = path.parts[1:]  # parts[0] is "/"
    try:
        descriptor = _open_file(folders, name)
    except OSError:  # a link on the way (ELOOP, ENOTDIR), missing, unreadable
        return None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        return None
    return os.fdopen(descriptor, "rb")


def _open_file(folders: list[str], name: str) -> int:
    """A descriptor for `/folders.../name`, opened without following any link."""
    folder = os.open("/", _FOLDER)
    try:
        for part in folders:
            inner = os.open(part, _FOLDER, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(name, _FILE, dir_fd=folder)
    finally:
        os.close(folder)
