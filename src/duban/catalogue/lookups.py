"""Finding catalogue rows by code, exact Chinese name or alias, loaded once per import or command."""

from __future__ import annotations

from django.db import models

from duban.imports.base import nearest


class UnknownName(LookupError):
    pass


def _has_aliases(model: type[models.Model]) -> bool:
    return any(getattr(rel, "related_name", None) == "aliases" for rel in model._meta.related_objects)


class NameIndex:
    """All rows of a model keyed by code, by name and by alias, so rows resolve without a query each.

    A text that names two rows (a name of one and an alias of another, say) is ambiguous and
    refused, never resolved to either."""

    def __init__(self, queryset: models.QuerySet, keys: tuple[str, ...] = ("code", "name"), label: str = ""):
        self.label = label or str(queryset.model._meta.verbose_name)
        self.by_key: dict[str, models.Model] = {}
        self.ambiguous: dict[str, set[str]] = {}
        aliases = _has_aliases(queryset.model)
        if aliases:
            queryset = queryset.prefetch_related("aliases")
        for row in queryset:
            for key in keys:
                self._put(getattr(row, key), row)
            if aliases:
                for alias in row.aliases.all():
                    self._put(alias.name, row)

    def _put(self, text: str, row: models.Model) -> None:
        other = self.by_key.get(text)
        if other is not None and other.pk != row.pk:
            self.ambiguous.setdefault(text, {str(other)}).add(str(row))
        self.by_key[text] = row

    def add(self, row: models.Model, keys: tuple[str, ...] = ("code", "name")) -> None:
        for key in keys:
            self.by_key[getattr(row, key)] = row

    def get(self, text: str) -> models.Model:
        text = text.strip()
        if text in self.ambiguous:
            both = "、".join(sorted(self.ambiguous[text]))
            raise UnknownName(f"{self.label}“{text}”可指 {both}，请改用代码")
        try:
            return self.by_key[text]
        except KeyError:
            raise UnknownName(f"未知的{self.label}“{text}”{nearest(text, self.by_key)}") from None

    def __contains__(self, text: str) -> bool:
        return text.strip() in self.by_key


def resolve(model: type[models.Model], text: str) -> models.Model:
    """One row by code, exact name or alias (for commands, API parameters and pages naming one row)."""
    text = text.strip()
    named = models.Q(code=text) | models.Q(name=text)
    if _has_aliases(model):
        named |= models.Q(aliases__name=text)
    rows = list(model.objects.filter(named).distinct()[:2])
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise UnknownName(f"{model._meta.verbose_name}“{text}”可指 {rows[0]}、{rows[1]}，请改用代码")
    known = model.objects.values_list("name", flat=True)
    raise UnknownName(f"未知的{model._meta.verbose_name}“{text}”{nearest(text, known)}")
