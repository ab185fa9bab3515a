"""Which importer handles which ``--kind``, in the order kinds depend on each other."""

from importlib import import_module

KINDS = {
    "regions": "duban.catalogue.importers.RegionImporter",
    "groups": "duban.catalogue.importers.PeerGroupImporter",
    "departments": "duban.catalogue.importers.DepartmentImporter",
    "indicators": "duban.catalogue.importers.IndicatorImporter",
    "observations": "duban.observations.workbook.WorkbookImporter",  # a workbook of many sheets, else the long or wide table
    "targets": "duban.targets.importers.TargetImporter",
    "tasks": "duban.supervision.importers.TaskImporter",
    "schemes": "duban.scoring.importers.SchemeImporter",
    "score_adjustments": "duban.scoring.importers.ScoreAdjustmentImporter",
    "projects": "duban.projects.importers.ProjectImporter",
    "project_progress": "duban.projects.importers.ProgressImporter",
}


class UnknownKind(ValueError):
    pass


def importer_for(kind: str):
    try:
        dotted = KINDS[kind]
    except KeyError:
        raise UnknownKind(f"未知的导入类型“{kind}”，可选：{', '.join(KINDS)}") from None
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)
