"""What a deploy runs: the Procfile's release phase, the files it leaves out of git, the CD job."""

import subprocess
from fnmatch import fnmatch
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_release_phase_migrates_and_collects_static_files():
    """Without collectstatic, every gunicorn worker warns "No directory at staticfiles/"."""
    assert _procfile()["release"] == (
        "python manage.py migrate --noinput && python manage.py collectstatic --noinput"
    )


def test_gunicorn_takes_every_url_the_api_answers_with_its_json_414(settings):
    """gunicorn's request line (method, URL, version) must fit every URL up to the API's limit."""
    web = _procfile()["web"].split()
    limit = int(web[web.index("--limit-request-line") + 1])
    assert settings.API_MAX_URL_BYTES + len("OPTIONS  HTTP/1.1") < limit <= 8190  # 8190: gunicorn's maximum


def test_beat_schedule_files_are_not_committed():
    patterns = [line for line in (ROOT / ".gitignore").read_text().splitlines() if line and line[0] != "#"]
    names = ["celerybeat-schedule", "celerybeat-schedule.db", "celerybeat-schedule-shm", "celerybeat.pid"]
    assert [name for name in names if not any(fnmatch(name, pattern) for pattern in patterns)] == []


def _deploy_job() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())["jobs"]["deploy"]


def test_delivery_runs_after_the_tests_pass_on_main_only():
    deploy = _deploy_job()
    assert deploy["needs"] == "test"
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["concurrency"] == {"group": "deploy-production", "cancel-in-progress": False}


def test_delivery_releases_triggers_the_hook_from_a_secret_and_waits_for_health():
    deploy = _deploy_job()
    steps = {step.get("name"): step for step in deploy["steps"]}
    names = [name for name in steps if name]
    release_step = "Release step (the Procfile's release command)"
    assert names.index(release_step) < names.index("Trigger the deploy hook")
    assert names.index("Trigger the deploy hook") < names.index("Wait until /health/ answers")
    assert deploy["env"]["DEPLOY_HOOK_URL"] == "${{ secrets.DEPLOY_HOOK_URL }}"
    assert '"$DEPLOY_HOOK_URL"' in steps["Trigger the deploy hook"]["run"]
    assert 'curl --fail --silent --max-time 10 "$HEALTH_URL"' in steps["Wait until /health/ answers"]["run"]
    # The release step runs exactly the Procfile's release command.
    release = steps[release_step]["run"].strip()
    command = release.removeprefix('sh -c "$(').removesuffix(')"')
    result = subprocess.run(["/bin/sh", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == _procfile()["release"]
