from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.escalation import (
    DEFAULT_POLICY,
    STEP_LABELS,
    STEPS,
    EscalationPolicy,
    StepPlan,
    escalation_step,
    notice_number,
    planned_progress,
    slip_colour,
    steps_due,
)

DUE = date(2024, 3, 15)

# Hand-written: as_of from due−5 (Mar 10) to due+20 (Apr 4), the step on each day.
SCRIPTED_MONTH = [
    (date(2024, 3, 10), None),      # due−5
    (date(2024, 3, 11), None),      # due−4
    (date(2024, 3, 12), "remind"),  # due−3: first remind day
    (date(2024, 3, 13), "remind"),
    (date(2024, 3, 14), "remind"),
    (date(2024, 3, 15), "remind"),  # the due date itself is not late
    (date(2024, 3, 16), "urge"),    # due+1: first day late
    (date(2024, 3, 17), "urge"),
    (date(2024, 3, 18), "urge"),
    (date(2024, 3, 19), "urge"),
    (date(2024, 3, 20), "urge"),
    (date(2024, 3, 21), "urge"),
    (date(2024, 3, 22), "urge"),    # due+7: still urge
    (date(2024, 3, 23), "notice"),  # due+8: supervision notice
    (date(2024, 3, 24), "notice"),
    (date(2024, 3, 25), "notice"),
    (date(2024, 3, 26), "notice"),
    (date(2024, 3, 27), "notice"),
    (date(2024, 3, 28), "notice"),
    (date(2024, 3, 29), "notice"),
    (date(2024, 3, 30), "notice"),  # due+15: still notice
    (date(2024, 3, 31), "listed"),  # due+16: listed in the next bulletin
    (date(2024, 4, 1), "listed"),
    (date(2024, 4, 2), "listed"),
    (date(2024, 4, 3), "listed"),
    (date(2024, 4, 4), "listed"),   # due+20
]


def test_scripted_month_covers_due_minus_5_to_due_plus_20():
    assert [d for d, _ in SCRIPTED_MONTH] == [
        DUE + timedelta(days=n) for n in range(-5, 21)
    ]


@pytest.mark.parametrize(("as_of", "expected"), SCRIPTED_MONTH)
def test_escalation_step_each_day(as_of, expected):
    assert escalation_step(due=DUE, as_of=as_of, open=True) == expected


@pytest.mark.parametrize(("as_of", "_"), SCRIPTED_MONTH)
def test_closed_items_never_escalate(as_of, _):
    assert escalation_step(due=DUE, as_of=as_of, open=False) is None
    plan = steps_due(due=DUE, as_of=as_of, open=False, already_taken=set())
    assert plan == StepPlan(current=None, missed=())


def test_daily_ticks_send_each_step_once_on_its_first_day():
    taken: set[str] = set()
    sent = {}
    for as_of, _ in SCRIPTED_MONTH:
        plan = steps_due(due=DUE, as_of=as_of, open=True, already_taken=taken)
        assert plan.missed == ()  # nothing is ever skipped when every day ticks
        if plan.current:
            sent[plan.current] = as_of
            taken |= set(plan.to_record)
    assert sent == {
        "remind": date(2024, 3, 12),
        "urge": date(2024, 3, 16),
        "notice": date(2024, 3, 23),
        "listed": date(2024, 3, 31),
    }


def test_running_the_same_day_twice_sends_nothing_the_second_time():
    first = steps_due(due=DUE, as_of=date(2024, 3, 16), open=True, already_taken={"remind"})
    assert first == StepPlan(current="urge", missed=())
    again = steps_due(
        due=DUE, as_of=date(2024, 3, 16), open=True, already_taken={"remind", "urge"}
    )
    assert again == StepPlan(current=None, missed=())


def test_catch_up_records_missed_steps_but_sends_only_the_current_one():
    # First tick ever, 10 days late: remind and urge were missed.
    plan = steps_due(due=DUE, as_of=date(2024, 3, 25), open=True, already_taken=set())
    assert plan.current == "notice"
    assert plan.missed == ("remind", "urge")
    assert plan.to_record == ("remind", "urge", "notice")


def test_catch_up_after_a_gap_between_ticks():
    # Reminded on time, then no tick until 20 days late.
    plan = steps_due(due=DUE, as_of=date(2024, 4, 4), open=True, already_taken={"remind"})
    assert plan == StepPlan(current="listed", missed=("urge", "notice"))


def test_missed_steps_are_recorded_even_if_the_current_one_was_taken():
    plan = steps_due(
        due=DUE, as_of=date(2024, 3, 24), open=True, already_taken={"notice"}
    )
    assert plan == StepPlan(current=None, missed=("remind", "urge"))
    assert plan.to_record == ("remind", "urge")


def test_nothing_before_the_remind_day():
    plan = steps_due(due=DUE, as_of=date(2024, 3, 11), open=True, already_taken=set())
    assert plan == StepPlan(current=None, missed=())
    assert plan.to_record == ()


def test_unknown_step_names_are_rejected():
    with pytest.raises(ValueError, match="reminded"):
        steps_due(due=DUE, as_of=DUE, open=True, already_taken={"reminded"})


def test_a_custom_policy_moves_the_boundaries():
    policy = EscalationPolicy(remind_days_before=0, urge_days_late=2, notice_days_late=5,
                              listed_days_late=10)
    def step(days):
        return escalation_step(due=DUE, as_of=DUE + timedelta(days=days), open=True,
                               policy=policy)
    assert [step(n) for n in (-1, 0, 1, 2, 4, 5, 9, 10)] == [
        None, "remind", "remind", "urge", "urge", "notice", "notice", "listed"
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"remind_days_before": -1},
        {"urge_days_late": 0},
        {"urge_days_late": 8},
        {"notice_days_late": 16},
    ],
)
def test_policy_rejects_disordered_steps(kwargs):
    with pytest.raises(ValueError):
        EscalationPolicy(**kwargs)


def test_default_policy_values():
    assert DEFAULT_POLICY == EscalationPolicy(3, 1, 8, 16)
    assert DEFAULT_POLICY.start_of("remind", DUE) == date(2024, 3, 12)
    assert DEFAULT_POLICY.start_of("listed", DUE) == date(2024, 3, 31)


def test_step_labels_follow_the_glossary():
    assert [STEP_LABELS[s] for s in STEPS] == ["提醒", "催办", "督办", "通报"]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)),
    st.integers(min_value=-40, max_value=40),
    st.sets(st.sampled_from(STEPS)),
)
def test_plan_never_repeats_a_taken_step_and_keeps_order(due, offset, taken):
    plan = steps_due(due=due, as_of=due + timedelta(days=offset), open=True,
                     already_taken=set(taken))
    assert not set(plan.to_record) & taken
    assert list(plan.to_record) == sorted(plan.to_record, key=STEPS.index)
    current = escalation_step(due=due, as_of=due + timedelta(days=offset), open=True)
    assert plan.current in (None, current)


# --- slip colour ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("as_of", "planned", "reported", "colour"),
    [
        (date(2024, 3, 1), None, None, None),
        (date(2024, 3, 11), 80.0, 80.0, None),       # day before the remind day, on plan
        (date(2024, 3, 12), 80.0, 85.0, "blue"),     # remind day, ahead of plan
        (date(2024, 3, 15), None, None, "blue"),     # due date
        (date(2024, 3, 1), 50.0, 40.0, "yellow"),    # behind plan, due not near
        (date(2024, 3, 13), 90.0, 70.0, "yellow"),   # behind plan beats blue
        (date(2024, 3, 13), 90.0, None, "blue"),     # no report: cannot be behind
        (date(2024, 3, 16), None, None, "red"),      # first day late
        (date(2024, 3, 16), 100.0, 30.0, "red"),     # overdue beats behind plan
        (date(2024, 4, 30), 100.0, 100.0, "red"),
    ],
)
def test_slip_colour(as_of, planned, reported, colour):
    assert slip_colour(
        due=DUE, as_of=as_of, open=True,
        planned_progress_pct=planned, reported_progress_pct=reported,
    ) == colour


@pytest.mark.parametrize("as_of", [date(2024, 3, 1), date(2024, 3, 13), date(2024, 4, 30)])
def test_closed_slips_have_no_colour(as_of):
    assert slip_colour(
        due=DUE, as_of=as_of, open=False,
        planned_progress_pct=90.0, reported_progress_pct=10.0,
    ) is None


# --- planned progress ----------------------------------------------------------

@pytest.mark.parametrize(
    ("as_of", "pct"),
    [
        (date(2023, 12, 31), 0.0),
        (date(2024, 1, 1), 0.0),
        (date(2024, 1, 6), 50.0),
        (date(2024, 1, 9), 80.0),
        (date(2024, 1, 11), 100.0),
        (date(2024, 2, 1), 100.0),
    ],
)
def test_planned_progress_is_linear(as_of, pct):
    assert planned_progress(date(2024, 1, 1), date(2024, 1, 11), as_of) == pytest.approx(pct)


def test_planned_progress_of_a_same_day_task():
    assert planned_progress(DUE, DUE, DUE - timedelta(days=1)) == 0.0
    assert planned_progress(DUE, DUE, DUE) == 100.0


def test_planned_progress_rejects_due_before_start():
    with pytest.raises(ValueError):
        planned_progress(date(2024, 2, 1), date(2024, 1, 1), date(2024, 1, 15))


# --- notice numbers ------------------------------------------------------------

def test_notice_number():
    assert notice_number(2024, 12) == "督办〔2024〕第12号"
    assert notice_number(2025, 1) == "督办〔2025〕第1号"


def test_notice_number_rejects_zero():
    with pytest.raises(ValueError):
        notice_number(2024, 0)
