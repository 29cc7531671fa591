"""Synthetic tasks: deterministic, written in bulk, readable by the pages and the roll-up."""

import pytest
from django.test import Client

from collegium.core.models import AuditRecord
from collegium.devdata import synth
from collegium.devdata.synth import synth_load
from collegium.execution.models import ProgressReport, Task

SCALE = 0.01  # 1,000 tasks and about 5,000 reports: the full volume only under `collegium synth`


def test_generation_is_deterministic_and_scales():
    first = synth.generate(scale=SCALE, seed=3).parts["execution"]
    assert first == synth.generate(scale=SCALE, seed=3).parts["execution"]
    assert first.counts()["tasks"] == 1000 + 500
    assert 6000 <= first.counts()["progress reports"] <= 10000


@pytest.mark.django_db
def test_load_writes_tasks_and_reports():
    result = synth_load(actor=None, scale=SCALE, seed=1)
    assert result.counts["tasks"] == Task.objects.count() == 1000 + 500
    assert result.counts["progress reports"] == ProgressReport.objects.count()
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["synth.load"]
    done = Task.objects.filter(status="done").first()
    done.full_clean()
    assert done.reports.first().percent == 100
    response = Client().get("/api/v1/execution/tasks?limit=5")
    assert response.status_code == 200
    assert response.json()["count"] > 0
