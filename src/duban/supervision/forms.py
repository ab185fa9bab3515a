from datetime import date

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from duban.catalogue.models import Department, Indicator, Leader
from duban.core.deadlines import DeadlineError, parse_deadline
from duban.supervision.models import STATE_LABELS, Milestone, ProgressReport, Step, Task, TaskLevel

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["text", "percent", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "percent": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError(gettext("进度应在 0 到 100 之间"))
        return percent

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and attachment.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(gettext("附件不能超过 20 MB"))
        return attachment


class CommentForm(forms.Form):
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}))


class NoticeActionForm(forms.Form):
    feedback = forms.CharField(label=_("办理情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.ModelForm):
    """A task or measure as the supervision office writes it; 完成时限 is read as the import reads it."""

    class Meta:
        model = Task
        fields = ["plan_year", "parent", "title", "measures", "lead", "cooperating", "leader", "deadline_text",
                  "indicators"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "measures": forms.Textarea(attrs={"rows": 3}),
                   "cooperating": forms.SelectMultiple(attrs={"size": 6}),
                   "indicators": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {"deadline_text": _("如 2024年6月底前、一季度、每月28日前、长期坚持"),
                      "parent": _("选目标则为重点任务，选重点任务则为具体举措")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Task.objects.exclude(level=TaskLevel.MEASURE)
        self.fields["lead"].required = True
        self.fields["deadline_text"].required = True
        self.fields["indicators"].queryset = Indicator.objects.order_by("code")
        if self.instance.pk:
            # The 序号 follows from year and parent: moving an item is a new item.
            for name in ("plan_year", "parent"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        year, text = data.get("plan_year"), data.get("deadline_text")
        if year and text:
            try:
                self.deadline = parse_deadline(text, plan_year=year)
            except DeadlineError as error:
                self.add_error("deadline_text", str(error))
        parent = data.get("parent")
        if parent and year and parent.plan_year != year:
            self.add_error("parent", gettext("所选上级属于 %(parent_year)s 年度，与计划年度 %(year)s 不符") % {"parent_year": parent.plan_year, "year": year})
        return data

    def schedule(self) -> dict:
        """due, recurrence, ongoing and the plan year's occurrences the 完成时限 means."""
        d, year = self.deadline, self.cleaned_data["plan_year"]
        occurrences = d.occurrences(date(year, 1, 1), date(year, 12, 31)) if d.recurrence else []
        return {"deadline_text": d.text, "due": d.due, "recurrence": d.recurrence or "", "ongoing": d.ongoing,
                "occurrences": occurrences}


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["due"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task

    def clean_due(self):
        due = self.cleaned_data["due"]
        if self.task and self.task.milestones.filter(due=due).exists():
            raise forms.ValidationError(gettext("%(due)s 已有时间节点") % {"due": f"{due:%Y-%m-%d}"})
        return due


class EscalateForm(forms.Form):
    """The board's hand-taken step for the chosen items: urge, notice or listing, always with a reason."""

    step = forms.ChoiceField(label=_("督办方式"), choices=[(Step.URGE, _("催办")), (Step.NOTICE, _("下发督办单")),
                                                     (Step.LISTED, _("通报"))])
    reason = forms.CharField(label=_("事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请写明督办事由")})
    task = forms.ModelMultipleChoiceField(Task.objects.all(), label=_("任务"),
                                          error_messages={"required": _("请先勾选任务")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(gettext("请写明督办事由"))
        return reason


class TaskFilterSet(forms.Form):
    """Task list filters: plan year, level, leader, lead department, state, words in the title."""

    plan_year = forms.TypedChoiceField(label=_("计划年度"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("层级"), required=False,
                              choices=[("", _("全部层级")), (TaskLevel.TASK, TaskLevel.TASK.label), (TaskLevel.MEASURE, TaskLevel.MEASURE.label)])
    leader = forms.ModelChoiceField(Leader.objects.all(), label=_("责任领导"), required=False, empty_label=_("全部领导"))
    department = forms.ModelChoiceField(
        Department.objects.all(), label=_("牵头单位"), required=False, empty_label=_("全部单位")
    )
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *STATE_LABELS.items()])
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Task.objects.values_list("plan_year", flat=True).distinct().order_by("-plan_year")
        self.fields["plan_year"].choices = [("", gettext("全部年度")), *((y, gettext("%(year)s年") % {"year": y}) for y in years)]
        self.fields["q"].widget.attrs.update(placeholder=gettext("任务名称"), **{"aria-label": gettext("关键词")})
        for name in ("plan_year", "level", "leader", "department", "state"):
            self.fields[name].widget.attrs["aria-label"] = self.fields[name].label

    def filter(self, tasks):
        """Narrow a queryset; the state filter applies to table rows (it depends on the day)."""
        if not self.is_valid():
            return tasks
        data = self.cleaned_data
        if data.get("plan_year"):
            tasks = tasks.filter(plan_year=data["plan_year"])
        if data.get("level"):
            tasks = tasks.filter(level=data["level"])
        if data["leader"]:
            tasks = tasks.filter(leader=data["leader"])
        if data["department"]:
            tasks = tasks.filter(lead=data["department"])
        if data.get("q"):
            tasks = tasks.filter(title__icontains=data["q"])
        return tasks

    def wanted_state(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
