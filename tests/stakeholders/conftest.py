import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _spanish():
    """Tests read Spanish messages: never inherit a language another request activated."""
    translation.activate("es")
    yield
    translation.activate("es")
