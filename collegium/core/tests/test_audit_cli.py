import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.fixture
def records(make_org):
    for slug in ("a", "b", "c", "d"):
        make_org(slug)


@pytest.fixture
def key(tmp_path, settings):
    settings.AUDIT_SIGNING_KEY_PATH = tmp_path / "audit.pem"
    return settings.AUDIT_SIGNING_KEY_PATH


def _run(*args):
    out = []

    class Sink:
        def write(self, s):
            out.append(s)

        def flush(self):
            pass

    call_command("audit", *args, stdout=Sink(), stderr=Sink())
    return "".join(out)


def _drop_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_replace")
        else:
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER USER")


def test_verify_reports_ok(records):
    assert _run("verify").startswith("OK: ")


def test_verify_names_the_tampered_record(records):
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET actor = 'mallory' WHERE seq = 3")
    with pytest.raises(CommandError, match=r"BROKEN at record #3 \(content changed\)"):
        _run("verify")


def test_checkpoint_round_trip_and_truncation(records, key, tmp_path):
    path = tmp_path / "checkpoint.json"
    _run("checkpoint", "--output", str(path))
    statement = json.loads(path.read_text())["statement"]
    assert "checkpoint OK" in _run("verify", "--checkpoint", str(path))
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq = %s", [statement["head_seq"]])
    with pytest.raises(CommandError, match="TRUNCATED"):
        _run("verify", "--checkpoint", str(path))


def test_verify_with_missing_or_garbled_checkpoint(records, key, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        _run("verify", "--checkpoint", str(tmp_path / "nope.json"))
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read checkpoint"):
        _run("verify", "--checkpoint", str(garbled))
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text("{}")
    _run("checkpoint", "--output", str(tmp_path / "ok.json"))
    with pytest.raises(CommandError, match="not a checkpoint file"):
        _run("verify", "--checkpoint", str(wrong_shape))


def test_checkpoint_checked_with_a_public_key_kept_apart(records, key, tmp_path):
    """The public key printed by `audit public-key` verifies the checkpoint without the private key."""
    path = tmp_path / "checkpoint.json"
    _run("checkpoint", "--output", str(path))
    public = tmp_path / "audit.pub"
    public.write_text(_run("public-key"))
    assert "BEGIN PUBLIC KEY" in public.read_text()
    assert "checkpoint OK" in _run("verify", "--checkpoint", str(path), "--public-key", str(public))
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from collegium.core.audit import public_key_pem

    stranger = tmp_path / "stranger.pub"
    stranger.write_text(public_key_pem(Ed25519PrivateKey.generate()))
    with pytest.raises(CommandError, match="signature"):
        _run("verify", "--checkpoint", str(path), "--public-key", str(stranger))


@pytest.mark.parametrize("bad", ["garbage", "directory"])
def test_unusable_key_files_are_named_not_a_traceback(records, key, tmp_path, bad):
    path = tmp_path / "checkpoint.json"
    _run("checkpoint", "--output", str(path))
    if bad == "garbage":
        wrong = tmp_path / "garbage.pem"
        wrong.write_text("not a key")
    else:
        wrong = tmp_path / "keys"
        wrong.mkdir()
    with pytest.raises(CommandError, match="cannot use the key"):
        _run("verify", "--checkpoint", str(path), "--key", str(wrong))
    with pytest.raises(CommandError, match="cannot use the key"):
        _run("checkpoint", "--key", str(wrong))


def test_verify_checks_the_latest_checkpoint_by_default(records, key, settings):
    """The checkpoint the worker keeps is read without naming it; a chain cut short fails."""
    from collegium.core.tasks import audit_checkpoint_refresh

    path = settings.AUDIT_CHECKPOINT_PATH
    assert _run("verify").startswith("OK: ")  # no checkpoint yet: the chain alone
    head = audit_checkpoint_refresh.call()["head_seq"]
    assert f"checkpoint OK: record #{head} is intact ({path})" in _run("verify")
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq = %s", [head])
    with pytest.raises(CommandError, match=f"TRUNCATED: it ends at record #{head - 1} "):
        _run("verify")
    assert _run("verify", "--no-checkpoint").startswith("OK: ")


def test_verify_names_the_checkpoint_head_and_the_chain_length(records, key, settings):
    """A chain cut short below the latest checkpoint fails by default, saying by how much."""
    from collegium.core.tasks import audit_checkpoint_refresh

    head = audit_checkpoint_refresh.call()["head_seq"]
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE seq > %s", [head - 3])
    message = (
        f"audit chain TRUNCATED: it ends at record #{head - 3} ({head - 3} records), "
        f"but the checkpoint {settings.AUDIT_CHECKPOINT_PATH} signed record #{head} as its head"
    )
    with pytest.raises(CommandError) as caught:
        _run("verify")
    assert str(caught.value) == message


def test_verify_without_a_latest_checkpoint_says_what_it_cannot_see(records, settings):
    """No checkpoint yet: the chain verifies, and the output says truncation would go unseen."""
    output = _run("verify")
    assert output.startswith("OK: ")
    assert f"no checkpoint at {settings.AUDIT_CHECKPOINT_PATH} yet" in output
    assert "no checkpoint" not in _run("verify", "--no-checkpoint")


def test_garbage_public_key_is_named_a_public_key(records, key, tmp_path):
    """A --public-key file that is no key is called what it should have been."""
    path = tmp_path / "checkpoint.json"
    _run("checkpoint", "--output", str(path))
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("not a key")
    with pytest.raises(CommandError) as caught:
        _run("verify", "--checkpoint", str(path), "--public-key", str(garbage))
    assert str(caught.value) == f"cannot use the key: {garbage} is not an Ed25519 public key (PEM)"


def test_deeply_nested_checkpoint_is_named_not_a_traceback(records, key, tmp_path):
    """A checkpoint file of 100 000 brackets is an error naming the file, not a RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    with pytest.raises(
        CommandError, match=f"cannot read checkpoint {path}: it is nested too deeply"
    ):
        _run("verify", "--checkpoint", str(path))
