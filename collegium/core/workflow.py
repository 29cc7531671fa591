"""Workflows: a record's states, its named transitions and the rule an illegal move breaks.

A model declares its workflow once, next to its status field, and mixes in
``WorkflowMixin``::

    EVENT_WORKFLOW = Workflow(
        "event",
        states=EventStatus,
        transitions=[Transition("confirm", {EventStatus.PLANNED}, EventStatus.CONFIRMED), ...],
        refused=_("An event cannot move from “%(current)s” to “%(target)s”; ..."),
    )

    class Event(WorkflowMixin, OwnedModel):
        workflow = EVENT_WORKFLOW

Services ask ``record.check_transition(target)`` before they move a record;
pages ask ``record.can_move_to(target)`` before they offer the move.  A move
the workflow does not allow raises ``TransitionError`` naming the rule, with
the code ``<workflow>_<current>_to_<target>`` unless the rule gives its own.

The messages are the workflow's (``refused`` is formatted with ``current``,
``target`` and ``allowed``, the status labels, and ``rule``, the refused
transition's own sentence); a final state or a transition may name its own
message and code instead.  Nothing here queries the database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from django.db.models import Choices
from django.utils.functional import Promise

from collegium.core.exceptions import TransitionError

type Message = str | Promise


@dataclass(frozen=True)
class Transition:
    """A named move from any of ``sources`` to ``target``.

    ``rule`` is the sentence that names the rule when the move is refused (the
    workflow's message includes it); ``refused`` and ``code`` replace the
    workflow's whole message and its code for this transition.
    """

    name: str
    sources: frozenset[str]
    target: str
    rule: Message = ""
    refused: Message = ""
    code: str = ""

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        *,
        rule: Message = "",
        refused: Message = "",
        code: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "refused", refused)
        object.__setattr__(self, "code", code)


class Workflow:
    """The states of one kind of record and the named transitions between them.

    ``table`` maps each state to the states it may move to (a state no
    transition leaves is final).  ``final`` gives a final state its own
    message and code, e.g. "a terminated arrangement is final".  ``nothing``
    stands for the empty list of allowed moves in the message.
    """

    def __init__(
        self,
        name: str,
        *,
        states: type[Choices],
        transitions: Iterable[Transition],
        refused: Message,
        nothing: Message = "",
        final: Mapping[str, tuple[Message, str]] | None = None,
    ) -> None:
        self.name = name
        self.states = states
        self.transitions = {transition.name: transition for transition in transitions}
        self.refused = refused
        self.nothing = nothing
        self.final = dict(final or {})
        known = set(states.values)
        for transition in self.transitions.values():
            unknown = (transition.sources | {transition.target}) - known
            if unknown:
                raise ValueError(f"{name}.{transition.name}: unknown states {sorted(unknown)}")
        self.table: dict[str, frozenset[str]] = {
            state: frozenset(t.target for t in self.transitions.values() if state in t.sources)
            for state in states.values
        }

    def allows(self, current: str, target: str) -> bool:
        """Return whether some transition moves a record from ``current`` to ``target``."""
        return target in self.table[current]

    def check(self, current: str, target: str, *, via: str | None = None) -> None:
        """Raise ``TransitionError`` unless a record may move from ``current`` to ``target``.

        With ``via`` the move must be that named transition (a state reached by
        two transitions, e.g. an arrangement resumed or brought into force).
        """
        transition = self.transitions[via] if via is not None else None
        if transition is not None:
            if transition.target != target:
                raise ValueError(f"{self.name}.{via} does not move to {target}")
            if current in transition.sources:
                return
        elif self.allows(current, target):
            return
        raise self.error(current, target, transition)

    def error(
        self, current: str, target: str, transition: Transition | None = None
    ) -> TransitionError:
        """Return the error that names the rule a move from ``current`` to ``target`` breaks."""
        if current in self.final:
            message, code = self.final[current]
            return TransitionError(str(message), code=code)
        if transition is None:
            # The rule of the one transition to ``target``; a target reached by
            # several (in force: brought into force, resumed) names none.
            reaching = [t for t in self.transitions.values() if t.target == target]
            transition = reaching[0] if len(reaching) == 1 else None
        code = f"{self.name}_{current}_to_{target}"
        if transition is not None and transition.code:
            code = transition.code
        if transition is not None and transition.refused:
            return TransitionError(str(transition.refused), code=code)
        allowed = ", ".join(str(self.states(state).label) for state in sorted(self.table[current]))
        message = str(self.refused) % {
            "current": self.states(current).label,
            "target": self.states(target).label,
            "allowed": allowed or self.nothing,
            "rule": transition.rule if transition is not None else "",
        }
        return TransitionError(message, code=code)


class WorkflowMixin:
    """For a model with a ``status`` moved by its ``workflow``."""

    workflow: ClassVar[Workflow]
    status: str

    def can_move_to(self, status: str) -> bool:
        return self.workflow.allows(self.status, status)

    def check_transition(self, status: str, *, via: str | None = None) -> None:
        """Raise ``TransitionError`` naming the rule unless the workflow allows ``status`` now."""
        self.workflow.check(self.status, status, via=via)
