"""Finding catalogue rows by code or exact Chinese name, loaded once per import or command."""

from __future__ import annotations

from django.db import models

from duban.imports.base import nearest


class UnknownName(LookupError):
    pass


class NameIndex:
    """All rows of a model keyed by code and by name, so rows resolve without a query each."""

    def __init__(self, queryset: models.QuerySet, keys: tuple[str, ...] = ("code", "name"), label: str = ""):
        self.label = label or str(queryset.model._meta.verbose_name)
        self.by_key: dict[str, models.Model] = {}
        self.ambiguous: set[str] = set()
        for row in queryset:
            for key in keys:
                value = getattr(row, key)
                if value in self.by_key and self.by_key[value].pk != row.pk:
                    self.ambiguous.add(value)
                self.by_key[value] = row

    def add(self, row: models.Model, keys: tuple[str, ...] = ("code", "name")) -> None:
        for key in keys:
            self.by_key[getattr(row, key)] = row

    def get(self, text: str) -> models.Model:
        text = text.strip()
        if text in self.ambiguous:
            raise UnknownName(f"{self.label}“{text}”有重名，请改用代码")
        try:
            return self.by_key[text]
        except KeyError:
            raise UnknownName(f"未知的{self.label}“{text}”{nearest(text, self.by_key)}") from None

    def __contains__(self, text: str) -> bool:
        return text.strip() in self.by_key


def resolve(model: type[models.Model], text: str) -> models.Model:
    """One row by code or exact name (for commands that name a single region, indicator or group)."""
    text = text.strip()
    rows = list(model.objects.filter(models.Q(code=text) | models.Q(name=text))[:2])
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise UnknownName(f"{model._meta.verbose_name}“{text}”有重名，请改用代码")
    known = model.objects.values_list("name", flat=True)
    raise UnknownName(f"未知的{model._meta.verbose_name}“{text}”{nearest(text, known)}")
