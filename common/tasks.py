"""Housekeeping jobs that belong to no domain app."""

import os
import stat
import time
from pathlib import Path

from celery import shared_task
from django.conf import settings


def _orphans(folder: Path, cutoff: float) -> list[Path]:
    """Regular files under ``folder`` last modified before ``cutoff``; symlinks are never followed."""
    found = []
    for parent, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(parent, name)
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                found.append(path)
    return found


@shared_task
def cleanup_media() -> int:
    """Delete orphan files under MEDIA_ROOT and return how many went.

    No model references a file today, so every regular file older than
    MEDIA_CLEANUP_MAX_AGE_HOURS inside the MEDIA_CLEANUP_DIRS folders of MEDIA_ROOT
    (``tmp`` and ``exports`` by default) is an orphan. Symlinks are neither followed
    nor deleted, and a folder that is a symlink or resolves outside MEDIA_ROOT is skipped.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    cutoff = time.time() - settings.MEDIA_CLEANUP_MAX_AGE_HOURS * 3600
    deleted = 0
    for name in settings.MEDIA_CLEANUP_DIRS:
        folder = root / name
        if folder.is_symlink() or not folder.is_dir() or not folder.resolve().is_relative_to(root):
            continue
        for path in _orphans(folder, cutoff):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
