"""The board's filters and the monthly entry form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Region, TaskForce
from duban.core.project_status import MILESTONES
from duban.projects.models import Project

# The milestones are stored by their Chinese names (core.MILESTONES); pages name them in the reader's language.
MILESTONE_NAMES = {"签约": _("签约"), "供地": _("供地"), "开工": _("开工"), "竣工": _("竣工"), "投产": _("投产")}
COLOURS = [("", _("全部颜色")), ("red", _("红灯")), ("yellow", _("黄灯")), ("green", _("绿灯"))]
SORTS = {
    "code": lambda line: line.project.code,
    "name": lambda line: line.project.name,
    "town": lambda line: line.project.town.code,
    "department": lambda line: line.project.department.name,
    "plan": lambda line: line.plan.annual_plan,
    "completed": lambda line: line.completed_ytd if line.completed_ytd is not None else -1,
    "gap": lambda line: line.status.gap_pp if line.status.gap_pp is not None else -1000,
    "colour": lambda line: {"red": 0, "yellow": 1, "green": 2}[line.status.colour],
}


class ProjectFilterForm(forms.Form):
    period = forms.CharField(label=_("月份"), required=False)
    colour = forms.ChoiceField(label=_("颜色"), choices=COLOURS, required=False)
    department = forms.ModelChoiceField(label=_("牵头单位"), queryset=Department.objects.filter(projects__isnull=False).distinct(),
                                        required=False, empty_label=_("全部牵头单位"))
    town = forms.ModelChoiceField(label=_("镇街"), queryset=Region.objects.filter(projects__isnull=False).distinct(),
                                  required=False, empty_label=_("全部镇街"))
    task_force = forms.ModelChoiceField(label=_("专班"), queryset=TaskForce.objects.filter(projects__isnull=False).distinct(),
                                        required=False, empty_label=_("全部专班"))
    type = forms.ChoiceField(label=_("类型"), required=False)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)
    desc = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = Project.objects.order_by("type").values_list("type", flat=True).distinct()
        self.fields["type"].choices = [("", _("全部类型"))] + [(t, t) for t in types]

    def apply(self, lines):
        data = self.cleaned_data
        keep = []
        for line in lines:
            p = line.project
            if data.get("colour") and line.status.colour != data["colour"]:
                continue
            if data.get("department") and p.department_id != data["department"].pk:
                continue
            if data.get("town") and p.town_id != data["town"].pk:
                continue
            if data.get("task_force") and p.task_force_id != data["task_force"].pk:
                continue
            if data.get("type") and p.type != data["type"]:
                continue
            keep.append(line)
        key = SORTS.get(data.get("sort") or "colour")
        return sorted(keep, key=key, reverse=bool(data.get("desc")))


class MonthEntryForm(forms.Form):
    completed_ytd = forms.DecimalField(label=_("1-N月累计完成投资（万元）"), max_digits=14, decimal_places=2, min_value=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in MILESTONES:
            self.fields[f"milestone_{kind}"] = forms.DateField(
                label=_("%(kind)s实际日期") % {"kind": MILESTONE_NAMES[kind]}, required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        self.fields["reason"] = self.fields.pop("reason")  # the note last, after the dates

    def milestones(self) -> dict:
        return {kind: self.cleaned_data.get(f"milestone_{kind}") for kind in MILESTONES}
