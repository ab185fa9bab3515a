"""Aliases of regions and indicators as import files give them: checked so that no alias names two
rows, then written so that a row listed with aliases has exactly those (a blank cell keeps what is
stored: a file never erases what it does not hold)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models

from duban.imports.base import Row

SEPARATORS = re.compile(r"[、,，;；]")


def split_aliases(text: str | None) -> list[str]:
    """``婺城、婺城县；wucheng`` → the aliases in order, without blanks or repeats."""
    seen: dict[str, None] = {}
    for part in SEPARATORS.split(text or ""):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


@dataclass
class AliasPlan:
    """The aliases each listed row (by its key: a region's code, an indicator's code) will have."""

    model: type[models.Model]
    listed: dict[str, list[str]]

    def write(self) -> None:
        """Replace the aliases of every listed row; call after the rows themselves are saved."""
        if not self.listed:
            return
        alias_model = self.model.aliases.rel.related_model
        owner = self.model.aliases.field.name
        rows = self.model.objects.in_bulk(list(self.listed), field_name="code")
        alias_model.objects.filter(**{f"{owner}__in": list(rows.values())}).delete()
        alias_model.objects.bulk_create(
            [alias_model(name=name, **{owner: rows[key]}) for key, names in self.listed.items() for name in names]
        )


def plan_aliases(model: type[models.Model], rows: dict[str, tuple[Row, str]], label: str) -> AliasPlan:
    """Check the ``aliases`` cells of the file's rows (key → (row, name in the file)) against each
    other and against what is stored; report every clash at its cell, naming both rows."""
    listed = {key: split_aliases(row.get("aliases")) for key, (row, _) in rows.items() if row.get("aliases")}
    # Who each text names once the import is done: stored names, codes and aliases, overlaid by the file.
    owner: dict[str, str] = {}
    name_of: dict[str, str] = {}
    for key, name in model.objects.values_list("code", "name"):
        name_of[key] = name
        owner[key] = owner[name] = key
    for key, (_, name) in rows.items():
        name_of[key] = name
        owner[key] = owner[name] = key
    for alias, key in model.aliases.rel.related_model.objects.values_list("name", f"{model.aliases.field.name}__code"):
        if key not in listed:  # a listed row's stored aliases are replaced
            owner.setdefault(alias, key)
    for key, aliases in listed.items():
        row = rows[key][0]
        for alias in aliases:
            other = owner.get(alias, key)
            if other != key:
                row.problem("aliases", f"别名“{alias}”已指{label}“{name_of[other]}”（{other}），"
                                       f"不能再指“{name_of[key]}”（{key}）", value=alias)
            owner[alias] = key
    return AliasPlan(model, listed)
