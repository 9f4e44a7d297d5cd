"""Usernames get a confusable-aware key (accounts/usernames.py), unique in the database.

Existing rows are keyed oldest first (date joined, then id). Where older users already hold a
key (``bob`` before ``BOB``), the younger ones keep their usernames but get the key with a
suffix (``bob#2``, ``bob#3``, ...), so the migration always succeeds and always gives the same
keys; the oldest keeps the plain key, and nobody new can take a name like any of them.
"""

import unicodedata

from django.db import migrations, models

BATCH = 1000


def _key(username):
    # Frozen copy of accounts.usernames.username_key: a migration must not change with the code.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def fill_username_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set()
    changed = []
    rows = list(User.objects.order_by("date_joined", "id").values_list("id", "username"))
    for pk, username in rows:
        key = base = _key(username)
        suffix = 1
        while key in taken:
            suffix += 1
            key = f"{base}#{suffix}"
        taken.add(key)
        changed.append(User(id=pk, username_key=key))
        if len(changed) == BATCH:
            User.objects.bulk_update(changed, ["username_key"])
            changed = []
    User.objects.bulk_update(changed, ["username_key"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_revoked_token_families")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=150, null=True),
        ),
        migrations.RunPython(fill_username_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=150, unique=True),
        ),
    ]
