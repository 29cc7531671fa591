"""Who may edit, solve and approve a plan: the managers of its parties; approve: its owner's."""

import pytest

from collegium.planning import policy, services
from collegium.planning.models import PlanStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("user", "create", "edit", "approve"),
    [
        ("ru-viewer", False, False, False),
        ("ru-editor", False, False, False),
        ("ru-manager", True, True, True),
        ("by-manager", True, True, False),
        ("third-manager", True, False, False),
        # The site administrator keeps the records; approval draws up the parties' document.
        ("site-admin", True, True, False),
    ],
)
def test_policy_table(users, plan, user, create, edit, approve):
    actor = users[user]
    assert bool(policy.can_create(actor)) is create
    assert bool(policy.can_edit(actor, plan)) is edit
    assert bool(policy.can_change_requests(actor, plan)) is edit
    assert bool(policy.can_approve(actor, plan)) is approve


def test_anonymous_users_may_do_nothing(plan):
    assert not policy.can_create(None)
    assert not policy.can_edit(None, plan)
    assert not policy.can_approve(None, plan)


def test_an_agreed_plan_keeps_its_requests_until_reopened(users, plan):
    """The requests change only while the plan is a draft; the refusal names the rule."""
    manager = users["ru-manager"]
    services.plan_move(actor=manager, plan=plan, status=PlanStatus.AGREED)
    decision = policy.can_change_requests(manager, plan)
    assert not decision
    assert "draft" in str(decision.reason)
    services.plan_move(actor=manager, plan=plan, status=PlanStatus.DRAFT)
    assert policy.can_change_requests(manager, plan)
