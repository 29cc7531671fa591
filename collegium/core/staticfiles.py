"""Whether pages can name their static files: has ``collectstatic`` run?

The base and production settings keep static files in WhiteNoise's manifest
storage, which names each file by the hash ``collectstatic`` records in its
manifest. Without the manifest, or with a file the manifest does not know,
every page linking that file answers 500, so the servers check before they start.
"""

import posixpath

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages


class StaticFilesConfig(BaseStaticFilesConfig):
    """``django.contrib.staticfiles`` leaving out django-ninja's ReDoc, which no page uses
    (the API docs are Swagger UI): compressing its megabytes made ``collectstatic`` slow."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "ninja/redoc*"]


# collectstatic's ignore patterns: the files it leaves out are not expected.
_IGNORED = StaticFilesConfig.ignore_patterns


def _source_files() -> set[str]:
    names = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(_IGNORED):
            prefix = getattr(storage, "prefix", None)
            name = path.replace("\\", "/")
            names.add(posixpath.join(prefix, name) if prefix else name)
    return names


def static_files_problem() -> str | None:
    """Return why pages cannot link their static files, or None when they can."""
    try:
        storage = storages["staticfiles"]
    except ValueError as exc:  # the manifest storage reads its manifest when it is created
        return f"The static files manifest cannot be read ({exc})."
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if storage.read_manifest() is None:
        where = storage.manifest_storage.path(storage.manifest_name)
        return f"The static files are not collected: {where} is missing."
    collected, _hash = storage.load_manifest()
    missing = sorted(_source_files() - set(collected))
    if missing:
        return (
            f"The collected static files are out of date: {len(missing)} not collected "
            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''})."
        )
    return None
