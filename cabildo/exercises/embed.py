"""The optional characterization questions, embedded in other apps' public forms (PQRSD
filing, event registration) with one mixin and one template include:

    class PetitionFileView(CharacterizationFormMixin, FormView): ...
        # after the service stored the petition:
        self.record_characterization(petition=petition)

    {% include "exercises/_characterization_fields.html" %}  (inside the <form>)
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError

from .forms import CharacterizationForm
from .services import characterization_record

logger = logging.getLogger(__name__)


class CharacterizationFormMixin:
    request: Any
    # Questions the page's own form already asks (the event registration asks the age range
    # and the territory): not asked twice.
    characterization_exclude: tuple[str, ...] = ()

    def get_characterization_form(self) -> CharacterizationForm:
        if not hasattr(self, "_characterization_form"):
            data = self.request.POST if self.request.method == "POST" else None
            self._characterization_form = CharacterizationForm(
                data, entity=self.request.entity, exclude=self.characterization_exclude
            )
        return self._characterization_form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("characterization_form", self.get_characterization_form())
        # mypy: the view this mixin is mixed into provides get_context_data.
        return super().get_context_data(**kwargs)  # type: ignore[misc]

    def record_characterization(self, *, petition: Any = None, registration: Any = None) -> None:
        """Store the answers if the person authorized them. The service the person came for
        already succeeded: a problem here never undoes it."""
        try:
            characterization_record(
                entity=self.request.entity,
                petition=petition,
                registration=registration,
                request=self.request,
                **self.get_characterization_form().answers(),
            )
        except ValidationError:
            logger.warning(
                "Characterization refused for petition=%s registration=%s",
                getattr(petition, "pk", None),
                getattr(registration, "pk", None),
            )
