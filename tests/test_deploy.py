"""What a deploy runs: the Procfile's release phase and the files it leaves out of git."""

from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_release_phase_migrates_and_collects_static_files():
    """Without collectstatic, every gunicorn worker warns "No directory at staticfiles/"."""
    assert _procfile()["release"] == (
        "python manage.py migrate --noinput && python manage.py collectstatic --noinput"
    )


def test_beat_schedule_files_are_not_committed():
    patterns = [line for line in (ROOT / ".gitignore").read_text().splitlines() if line and line[0] != "#"]
    names = ["celerybeat-schedule", "celerybeat-schedule.db", "celerybeat-schedule-shm", "celerybeat.pid"]
    assert [name for name in names if not any(fnmatch(name, pattern) for pattern in patterns)] == []
