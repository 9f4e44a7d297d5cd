"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MOVIVERSE_PROCESS", "web")  # web limits, e.g. the shorter statement timeout

application = get_wsgi_application()
refuse_insecure_start()
