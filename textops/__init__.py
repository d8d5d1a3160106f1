"""textops: messaging alignment, objection mining and headline A/B tooling for revenue teams."""

import os as _os

# OpenBLAS (inside numpy and scipy) lets its helper threads busy-wait for 2^28 cycles after every
# multi-threaded product before they sleep. On a small server that spin takes a core from the next request's
# encoder workers and made the p99 tail of headline scoring (bench/headline_latency.py; the figures are in
# the CHANGELOG). 2^16 cycles is plenty for back-to-back products. OpenBLAS reads this when it loads, so it
# works when textops is imported before numpy (the CLI, the API); a value you set wins.
_os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "16")
# oneDNN (torch's CPU kernels, the bfloat16 matrix products of bulk encoding) keeps the kernels it made for
# each input shape in a cache of 1,024 entries, and the batches of a corpus analysis come in hundreds of
# shapes (batch size × token length): the cache held hundreds of MB of native memory that grew with the
# corpus. 16 entries keep the peak RSS of an analysis down with no measured loss of speed (see the
# CHANGELOG); read when oneDNN first runs, and a value you set wins.
_os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16")

from textops.errors import TextopsError
from textops.types import CopyBlock, CopyDocument, Participant, Transcript, Utterance

__version__ = "0.1.0"

__all__ = [
    "CopyBlock",
    "CopyDocument",
    "Participant",
    "TextopsError",
    "Transcript",
    "Utterance",
    "__version__",
]
