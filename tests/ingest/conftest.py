from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import FIXTURES
from textops.errors import IngestError
from textops.settings import override_settings


@pytest.fixture(autouse=True)
def _neutral_settings() -> Iterator[None]:
    """No seller domains or company from the environment, and the default size limit."""
    with override_settings(seller_domains=[], seller_company=None, max_file_bytes=10 * 1024 * 1024):
        yield


@pytest.fixture
def fixtures() -> Path:
    """The folder of real-format ingest fixtures."""
    return FIXTURES / "ingest"


@pytest.fixture
def check_error() -> Callable[..., IngestError]:
    """Assert that an IngestError names the file, the line and says what and how to fix it."""

    def check(
        exc: BaseException,
        *,
        file: str | Path,
        line: int | None,
        reason: str,
        hint: str | None = None,
    ) -> IngestError:
        assert isinstance(exc, IngestError), type(exc)
        assert exc.file == str(file)
        assert exc.line == line
        assert reason in exc.reason, exc.reason
        where = f"{file}:{line}: " if line is not None else f"{file}: "
        assert str(exc).startswith(where), str(exc)
        assert exc.hint, "every ingest error carries a hint"
        if hint is not None:
            assert hint in exc.hint, exc.hint
        return exc

    return check
