from django import forms
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Leader
from duban.meetings import readers
from duban.meetings.models import Candidate, Source
from duban.meetings.services import parent_choices


class ReportForm(forms.Form):
    """A report pasted or uploaded, and its date when the text has no year."""

    title = forms.CharField(label=_("标题"), required=False, max_length=200,
                            help_text=_("留空则取报道中的会议名称"))
    text = forms.CharField(label=_("粘贴报道文字"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("或上传文件"), required=False, help_text=_("支持 .txt、.docx 和带文字层的 .pdf"))
    given_date = forms.DateField(
        label=_("会议日期或见报日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("报道中没有年份时必填；时限（如“6月底前”）据此推算"),
    )

    def clean(self):
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if text and upload:
            raise forms.ValidationError(_("请粘贴文字或上传文件，二者选一"))
        if upload:
            try:
                data["text"], data["source"] = readers.read_report(upload.name, upload.read())
            except readers.UnreadableReport as error:
                raise forms.ValidationError({"file": str(error)}) from None
            upload.seek(0)
        elif text:
            data["source"] = Source.PASTE
        else:
            raise forms.ValidationError(_("请粘贴报道文字，或上传 .txt、.docx、.pdf 文件"))
        return data


class CandidateForm(forms.ModelForm):
    """What a person edits before accepting; the version guards against a colleague's change."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = ["title", "text", "lead", "cooperating", "leader", "parent", "deadline_text", "due"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "cooperating": forms.SelectMultiple(attrs={"size": 4}),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline_text": forms.TextInput(attrs={"placeholder": _("如 6月底前、三季度、每月5日前")}),
        }
        help_texts = {"leader": _("留空则为牵头单位的分管领导")}

    def __init__(self, *args, candidate: Candidate, choices: dict | None = None, **kwargs):
        super().__init__(*args, instance=candidate, prefix=f"c{candidate.pk}", **kwargs)
        self.fields["version"].initial = candidate.version
        self.fields["lead"].queryset = Department.objects.all()
        self.fields["cooperating"].queryset = Department.objects.all()
        self.fields["leader"].queryset = Leader.objects.all()
        self.fields["parent"].queryset = parent_choices(candidate.report.plan_year)
        self.fields["parent"].empty_label = _("不归入（作为新的重点任务）")
        self.fields["lead"].empty_label = _("请选择")
        self.fields["leader"].empty_label = _("（牵头单位分管领导）")
        self.fields["deadline_text"].required = False
        for name, listed in (choices or {}).items():
            # A page of many cards reads each list once, not once per card (validation still uses the queryset).
            field = self.fields[name]
            field.choices = listed if name == "cooperating" else [("", field.empty_label), *listed]

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("拒绝理由"), max_length=500, widget=forms.TextInput(attrs={"placeholder": _("如：属于表态性要求，不单列任务")}))


class SplitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    parts = forms.CharField(label=_("每行一条"), widget=forms.Textarea(attrs={"rows": 4}))

    def part_list(self) -> list[str]:
        return self.cleaned_data["parts"].splitlines()


class RedateForm(forms.Form):
    meeting_date = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def choice_lists(plan_year: int) -> dict:
    """The lists every card's selects show, read once for a page."""
    departments = [(d.pk, d.name) for d in Department.objects.all()]
    return {
        "lead": departments, "cooperating": departments,
        "leader": [(leader.pk, str(leader)) for leader in Leader.objects.all()],
        "parent": [(t.pk, str(t)) for t in parent_choices(plan_year)],
    }
