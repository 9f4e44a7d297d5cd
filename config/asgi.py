"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from common.checks import refuse_insecure_start

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
refuse_insecure_start()
