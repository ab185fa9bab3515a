from django import forms

from duban.catalogue.models import Department, Leader
from duban.supervision.models import STATE_LABELS, ProgressReport

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["text", "percent", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "percent": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError("进度应在 0 到 100 之间")
        return percent

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and attachment.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError("附件不能超过 20 MB")
        return attachment


class CommentForm(forms.Form):
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}))


class NoticeActionForm(forms.Form):
    feedback = forms.CharField(label="办理情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskFilterSet(forms.Form):
    """The supervision board's filters: leader, lead department, state."""

    leader = forms.ModelChoiceField(Leader.objects.all(), label="责任领导", required=False, empty_label="全部领导")
    department = forms.ModelChoiceField(
        Department.objects.all(), label="牵头单位", required=False, empty_label="全部单位"
    )
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *STATE_LABELS.items()])

    def filter(self, tasks):
        """Narrow a queryset by leader and department; the state filter applies to table rows."""
        if not self.is_valid():
            return tasks
        if self.cleaned_data["leader"]:
            tasks = tasks.filter(leader=self.cleaned_data["leader"])
        if self.cleaned_data["department"]:
            tasks = tasks.filter(lead=self.cleaned_data["department"])
        return tasks

    def wanted_state(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
