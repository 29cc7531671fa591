"""The workflow machine: the table follows the transitions, a refusal names the rule."""

import pytest
from django.db import models

from collegium.core.exceptions import TransitionError
from collegium.core.workflow import Transition, Workflow, WorkflowMixin


class Door(models.TextChoices):
    OPEN = "open", "Open"
    SHUT = "shut", "Shut"
    LOCKED = "locked", "Locked"
    GONE = "gone", "Gone"


DOOR = Workflow(
    "door",
    states=Door,
    transitions=[
        Transition("shut", {Door.OPEN}, Door.SHUT),
        Transition("open", {Door.SHUT}, Door.OPEN),
        Transition("lock", {Door.SHUT}, Door.LOCKED, rule="Only a shut door is locked."),
        Transition(
            "unlock",
            {Door.LOCKED},
            Door.SHUT,
            refused="Only a locked door is unlocked.",
            code="door_not_locked",
        ),
        Transition("remove", {Door.OPEN, Door.SHUT}, Door.GONE),
    ],
    refused="%(rule)s|%(current)s to %(target)s|may: %(allowed)s",
    nothing="nothing",
    final={Door.GONE: ("A removed door is gone for good.", "door_gone")},
)


class Record(WorkflowMixin):
    workflow = DOOR

    def __init__(self, status: str) -> None:
        self.status = status


def test_the_table_is_the_union_of_the_transitions():
    assert DOOR.table == {
        "open": {"shut", "gone"},
        "shut": {"open", "locked", "gone"},
        "locked": {"shut"},
        "gone": set(),
    }


@pytest.mark.parametrize("current", list(Door))
@pytest.mark.parametrize("target", list(Door))
def test_a_move_is_allowed_exactly_when_the_table_says_so(current, target):
    record = Record(current)
    assert record.can_move_to(target) == (target in DOOR.table[current])
    if record.can_move_to(target):
        record.check_transition(target)
    else:
        with pytest.raises(TransitionError):
            record.check_transition(target)


def test_a_refusal_names_the_rule_the_states_and_the_allowed_moves():
    with pytest.raises(TransitionError) as excinfo:
        Record(Door.OPEN).check_transition(Door.LOCKED)
    assert excinfo.value.message == "Only a shut door is locked.|Open to Locked|may: Gone, Shut"
    assert excinfo.value.code == "door_open_to_locked"


def test_a_target_reached_by_several_transitions_names_no_single_rule():
    with pytest.raises(TransitionError) as excinfo:
        Record(Door.SHUT).check_transition(Door.SHUT)
    assert excinfo.value.message == "|Shut to Shut|may: Gone, Locked, Open"


def test_a_final_state_and_a_transition_may_name_their_own_rule():
    with pytest.raises(TransitionError) as excinfo:
        Record(Door.GONE).check_transition(Door.OPEN)
    assert (excinfo.value.message, excinfo.value.code) == (
        "A removed door is gone for good.",
        "door_gone",
    )
    Record(Door.LOCKED).check_transition(Door.SHUT, via="unlock")
    with pytest.raises(TransitionError) as excinfo:
        Record(Door.OPEN).check_transition(Door.SHUT, via="unlock")
    assert (excinfo.value.message, excinfo.value.code) == (
        "Only a locked door is unlocked.",
        "door_not_locked",
    )


def test_an_empty_list_of_moves_reads_as_nothing():
    machine = Workflow(
        "door",
        states=Door,
        transitions=[Transition("shut", {Door.OPEN}, Door.SHUT)],
        refused="From %(current)s: %(allowed)s.",
        nothing="nothing",
    )
    with pytest.raises(TransitionError, match=r"^From Gone: nothing\.$"):
        machine.check(Door.GONE, Door.OPEN)


def test_a_transition_between_unknown_states_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            "door",
            states=Door,
            transitions=[Transition("fly", {Door.OPEN}, "sky")],
            refused="",
        )
