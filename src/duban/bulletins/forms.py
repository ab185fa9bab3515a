from django import forms
from django.utils.translation import gettext_lazy as _

from duban.bulletins.models import Kind, Review
from duban.core.periods import PeriodError
from duban.core.period_text import parse_period


class DocumentFilterSet(forms.Form):
    """The bulletins page's and the API's filters: kind and statistical period."""

    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Kind.choices])
    period = forms.CharField(label=_("统计期间"), required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("如 2024-03 或 2024年1-3月")}))

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return ""
        try:
            return parse_period(text).period.code
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def filter(self, documents):
        if not self.is_valid():
            return documents.none() if self.errors else documents
        if self.cleaned_data["kind"]:
            documents = documents.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["period"]:
            documents = documents.filter(period=self.cleaned_data["period"])
        return documents


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[(k, Kind(k).label) for k in
                                                  (Kind.BULLETIN, Kind.MONTHLY, Kind.QUARTERLY)])
    period = forms.CharField(label=_("统计期间"), widget=forms.TextInput(attrs={"placeholder": _("如 2024-03")}))
    as_of = forms.DateField(label=_("业务日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).period
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class ReviewForm(forms.ModelForm):
    """下步措施, with the version it was read at: a stale save is refused, not merged."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["next_steps"]
        widgets = {"next_steps": forms.Textarea(attrs={"rows": 12})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen_version") != self.instance.version:
            raise forms.ValidationError(_("下步措施已被他人修改，请刷新后在最新内容上修改。"))
        return cleaned



