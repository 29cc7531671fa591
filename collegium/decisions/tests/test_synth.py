"""Synthetic documents: fifteen years of resolutions, with revisions the engine would save."""

from django.test import Client

from collegium.core.models import AuditRecord
from collegium.decisions import selectors
from collegium.decisions.engine import canonical
from collegium.decisions.models import Document, DocumentRevision
from collegium.devdata import synth
from collegium.devdata.synth import SYNTH_PREFIX, synth_load


def test_generation_is_deterministic():
    first = synth.generate(scale=0.3, seed=2).parts["decisions"]
    second = synth.generate(scale=0.3, seed=2).parts["decisions"]
    assert first == second
    assert {d.dated.year for d in first.documents} == set(range(2011, 2026))


def test_load_writes_documents_whose_revisions_match_their_text(db):
    """Each document's revision digest is the digest of the snapshot of its stored text."""
    result = synth_load(actor=None, scale=0.3, seed=1)
    expected = synth.generate(scale=0.3, seed=1).parts["decisions"]
    assert result.counts["documents"] == len(expected.documents) == Document.objects.count() > 0
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["synth.load"]
    for document in Document.objects.filter(slug__startswith=SYNTH_PREFIX)[:20]:
        document.full_clean()
        revision = DocumentRevision.objects.get(document=document)
        rebuilt = selectors.document_snapshot(
            Document.objects.select_related("meeting", "amends").get(pk=document.pk)
        )
        assert canonical.digest(rebuilt) == revision.digest
    public = Document.objects.filter(visibility="public").first()
    assert Client().get(f"/documents/{public.slug}/").status_code == 200
