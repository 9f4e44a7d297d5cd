"""Model fields of the catalog."""

from collections.abc import Iterable

from django.db import models

from catalog.titles import normalize_title, normalized_names

ALIAS_SEPARATOR = "\n"


class NormalizedTitlesField(models.TextField):
    """Search text derived from other fields of the row, recomputed whenever the row is written.

    The value is the normalized form (catalog.titles) of each source title, one per line,
    without repeats and without the normalized form of ``excluding`` (so aliases do not
    repeat the title). A source holding a list contributes each of its strings. Like
    ``auto_now`` it is set by ``pre_save``, which saves, bulk_create and COPY imports run.
    """

    def __init__(self, *args, sources: Iterable[str] = (), excluding: str = "", **kwargs):
        self.sources = tuple(sources)
        self.excluding = excluding
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = list(self.sources)
        if self.excluding:
            kwargs["excluding"] = self.excluding
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def derive(self, instance: models.Model) -> str:
        """The value for ``instance``'s current source fields."""
        titles: list[str] = []
        for source in self.sources:
            value = getattr(instance, source)
            titles.extend([value] if isinstance(value, str) else [str(v) for v in value or ()])
        excluded = normalize_title(getattr(instance, self.excluding)) if self.excluding else None
        return ALIAS_SEPARATOR.join(name for name in normalized_names(*titles) if name != excluded)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.derive(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class ReleaseYearField(models.SmallIntegerField):
    """The release year: the year of ``release_date`` when the row has one, else the value set.

    A source that knows only the year (a MovieLens title) sets this and leaves the date empty.
    Like NormalizedTitlesField it is derived in ``pre_save`` (saves, bulk_create, COPY imports);
    bulk_update callers set it themselves.
    """

    def __init__(self, *args, date_field: str = "release_date", **kwargs):
        self.date_field = date_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.date_field != "release_date":
            kwargs["date_field"] = self.date_field
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> int | None:
        # to_python: a date given as ISO text (as a DateField accepts on save) counts too.
        released = model_instance._meta.get_field(self.date_field).to_python(
            getattr(model_instance, self.date_field)
        )
        if released is not None:
            setattr(model_instance, self.attname, released.year)
        return getattr(model_instance, self.attname)
