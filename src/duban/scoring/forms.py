from django import forms
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Region
from duban.core.periods import Period, PeriodError
from duban.scoring.models import ScoreAdjustment, SubjectKind


class ScoreAdjustmentForm(forms.ModelForm):
    """One bonus or deduction for a subject of the scheme; the subject list follows the scheme."""

    subject = forms.ChoiceField(label=_("考核对象"))

    class Meta:
        model = ScoreAdjustment
        fields = ["period", "points", "reason"]

    def __init__(self, *args, scheme, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["subject"].choices = [(s.id, s.name) for s in subjects]
        self.order_fields(["subject", "period", "points", "reason"])

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        try:
            period = Period.parse(text)
        except PeriodError:
            raise forms.ValidationError(_("期间应形如 2024-12")) from None
        if str(period.kind) != self.scheme.frequency:
            raise forms.ValidationError(_("期间频度与方案不符"))
        return period.code

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("分数不能为 0（扣分填负数）"))
        return points

    def save(self, commit=True):
        adjustment = super().save(commit=False)
        adjustment.scheme = self.scheme
        subject = int(self.cleaned_data["subject"])
        if self.scheme.subjects == SubjectKind.DEPARTMENTS:
            adjustment.department = Department.objects.get(pk=subject)
        else:
            adjustment.region = Region.objects.get(pk=subject)
        if commit:
            adjustment.save()
        return adjustment
