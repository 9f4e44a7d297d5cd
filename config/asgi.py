"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MOVIVERSE_PROCESS", "web")  # web limits, e.g. the shorter statement timeout

application = get_asgi_application()
refuse_insecure_start()
