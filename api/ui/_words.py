"""Human words for the codes and enums the pages show: the library's one mapping (:mod:`textops.reports`).

Templates write ``{{ code | words("job_status") }}``; the page's script reads the same table from the
``ui-words`` JSON block of ``base.html`` (``word("job_status", code)`` in ui.js). The report downloads use
the same table, so a page and its download say the same words.
"""

from __future__ import annotations

from textops.reports import WORDS, words

__all__ = ["WORDS", "words"]
