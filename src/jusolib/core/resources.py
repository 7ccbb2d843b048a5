"""Files shipped inside the package (``jusolib/resources``), read once per process."""

from __future__ import annotations

import functools
from typing import Any

from jusolib.core.paths import RESOURCES_DIR

#: Reader-facing wording (see :mod:`jusolib.core.wording`) and the words a line never breaks inside.
TEXTS_FILE = RESOURCES_DIR / "texts.yaml"


@functools.lru_cache(maxsize=1)
def texts() -> dict[str, Any]:
    """The parsed ``texts.yaml`` (read once per process).

    Returns
    -------
    dict
        Its sections by name (``paragraphs``, ``cleaning_rules``, ``data_status`` …). The same object is
        returned on every call: read it, never change it.

    Examples
    --------
    >>> "paragraphs" in texts()
    True
    """
    import yaml

    with open(TEXTS_FILE, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
