"""Static files storage: hashed names, compressed copies, and a manifest kept with the code.

The manifest (`kogame/staticfiles.json`) is written by `collectstatic` next to the code, so a
web process that renders pages never depends on what happens to sit in STATIC_ROOT. ES module
imports inside our scripts are rewritten to hashed names too, so a deploy never mixes versions.
"""

from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST_DIR = Path(__file__).resolve().parent


class KogameStaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("manifest_storage", FileSystemStorage(location=MANIFEST_DIR))
        super().__init__(*args, **kwargs)
