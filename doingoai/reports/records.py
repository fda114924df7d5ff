"""Registration of the reports module's record types and menu entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doingoai.core.forms import style_fields
from doingoai.core.registry import Area, MenuLink, RecordType, registry
from doingoai.reports.models import IssuedReport, KeyTask, Plan, Target

REPORTS = Area("reports", _("Reports and plans"), "bi-bar-chart", 80, "Báo cáo, kế hoạch")


class TargetForm(forms.ModelForm):
    """A target row: the indicator is chosen among the sections' indicators, or manual."""

    class Meta:
        model = Target
        fields = ["indicator", "label", "value", "achieved_manual"]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        from doingoai.reports.assembly import indicators

        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *indicators(), ("manual", _("manual indicator"))]
        self.fields["indicator"] = forms.ChoiceField(label=_("indicator"), choices=choices)
        style_fields(self)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("indicator") == "manual" and not data.get("label"):
            self.add_error("label", _("Name the manual indicator."))
        return data


class TaskForm(forms.ModelForm):
    """A key task row."""

    class Meta:
        model = KeyTask
        fields = ["title", "owner", "due", "status"]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        style_fields(self)


class IssuedReportPeriodLocked:
    """The period of an issued report is shown but cannot change once issued."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("kind", "period_start", "period_end"):
                self.fields[name].disabled = True


class ReportsRecordType(RecordType):
    """Plans and issued reports are written by specialists and leaders, not by agencies."""

    def role_actions(self) -> dict[str, tuple[str, ...]]:
        from doingoai.core import roles as R

        return {
            R.ADMIN: R.ALL_ACTIONS,
            R.LEADER: ("view", "add", "change"),
            R.SPECIALIST: ("view", "add", "change"),
            R.READONLY: ("view",),
        }


class PlanRecord(ReportsRecordType):
    model = Plan
    area = REPORTS
    url_slug = "plans"
    icon = "bi-bullseye"
    menu_order = 30
    fields = ["title", "kind", "start_year", "end_year", "note"]
    list_columns = ["title", "kind", "start_year", "end_year"]
    filter_fields = ["kind"]
    import_key = ("title",)
    detail_panels = ["reports/_plan_panel.html"]
    specialist_area_actions = ("view", "add", "change")

    def formsets(self, request, obj) -> list:  # noqa: ANN001
        targets = forms.inlineformset_factory(
            Plan, Target, form=TargetForm, extra=3, can_delete=True
        )
        tasks = forms.inlineformset_factory(Plan, KeyTask, form=TaskForm, extra=3, can_delete=True)
        targets.title, tasks.title = _("Targets"), _("Key tasks")
        data = request.POST or None
        return [
            targets(data, instance=obj, prefix="targets"),
            tasks(data, instance=obj, prefix="tasks"),
        ]

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.reports.assembly import assemble
        from doingoai.reports.periods import make_period

        period = (
            make_period("year", obj.start_year)
            if obj.kind == "annual"
            else make_period("term", obj.start_year, end_year=obj.end_year)
        )
        return {"targets": assemble(period).targets, "tasks": obj.tasks.all()}


class IssuedReportRecord(ReportsRecordType):
    model = IssuedReport
    area = REPORTS
    url_slug = "issued"
    icon = "bi-archive"
    menu_order = 20
    fields = ["title", "kind", "period_start", "period_end", "number", "issued_on", "next_tasks"]
    list_columns = ["number", "title", "issued_on", "period_start", "period_end"]
    filter_fields = ["kind", "issued_on"]
    import_key = ("number", "issued_on")
    importable = False
    specialist_area_actions = ("view", "add", "change")
    detail_panels = ["reports/_issued_panel.html"]

    #: the period of an issued report is shown but cannot change
    form_mixins = (IssuedReportPeriodLocked,)

    def before_save(self, obj, *, user, form=None, creating: bool) -> None:  # noqa: ANN001
        if creating and not obj.figures:
            from doingoai.reports.assembly import assemble
            from doingoai.reports.periods import period_for

            obj.figures = assemble(period_for(obj.kind, obj.period_start, obj.period_end)).data()

    def detail_context(self, request, obj) -> dict[str, Any]:  # noqa: ANN001
        from doingoai.core import roles as R
        from doingoai.reports.services import frozen_figures, period_close_refusal

        closures = list(obj.closures.select_related("closed_by", "reopened_by"))
        closure = next((c for c in closures if c.reopened_at is None), None)
        leader = bool(R.user_roles(request.user) & {R.LEADER, R.ADMIN})
        refusal = period_close_refusal(obj) if closure is None else None
        return {
            "frozen": frozen_figures(obj),
            "closure": closure,
            "reopenings": [c for c in closures if c.reopened_at is not None],
            "late_changes": obj.late_changes.select_related("user"),
            "can_close": closure is None and leader and refusal is None,
            "close_refusal": refusal,
            "can_reopen": closure is not None and leader,
        }


def register() -> None:
    registry.register(PlanRecord)
    registry.register(IssuedReportRecord)
    registry.add_menu_link(
        MenuLink(
            REPORTS,
            _("Periodic reports"),
            "report-builder",
            "bi-file-earmark-bar-graph",
            "reports.view_issuedreport",
            10,
        )
    )
    registry.add_menu_link(
        MenuLink(
            REPORTS,
            _("Statistics explorer"),
            "explorer",
            "bi-graph-up",
            "reports.view_issuedreport",
            40,
        )
    )
