"""The shared answer to a bad choice in a FilterSet (``core.drf.BadChoiceMixin``): one message
that names the filter and the value (shortened), lists a short fixed set of valid values, is
translated, and leaves a filter's own message alone."""

import django_filters
import pytest
from django.utils import translation

from cabildo.core.drf import FilterSet
from cabildo.core.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

COLOURS = [("rojo", "Rojo"), ("verde", "Verde")]


class AreaFilterSet(FilterSet):
    colour = django_filters.ChoiceFilter(label="Color", choices=COLOURS)
    colours = django_filters.MultipleChoiceFilter(label="Colores", choices=COLOURS)
    area = django_filters.ModelChoiceFilter(label="Dependencia", queryset=Area.objects.all())
    share = django_filters.ChoiceFilter(
        label="100% o parte", choices=[(str(n), n) for n in range(20)]
    )
    own = django_filters.ChoiceFilter(
        label="Propio", choices=COLOURS, error_messages={"invalid_choice": "Mensaje propio."}
    )

    class Meta:
        model = Area
        fields = ["colour", "colours", "area", "share", "own"]


def _errors(data):
    filterset = AreaFilterSet(data, Area.objects.all())
    assert not filterset.is_valid()
    return {name: [str(e) for e in errors] for name, errors in filterset.errors.items()}


def test_names_the_filter_and_the_value_and_lists_short_choices():
    assert _errors({"colour": "azul", "colours": ["rojo", "gris"], "area": "abc"}) == {
        "colour": ["«azul» no es un valor válido para «Color». Use uno de estos: rojo, verde."],
        "colours": ["«gris» no es un valor válido para «Colores». Use uno de estos: rojo, verde."],
        "area": ["«abc» no es un valor válido para «Dependencia»."],
    }


def test_a_form_field_built_on_the_class_first_still_names_the_value():
    """drf-spectacular builds ``base_filters[...].field`` for the schema; the FilterSets built
    afterwards must not reuse that field and its generic message."""
    AreaFilterSet.base_filters["colour"].field  # noqa: B018
    assert _errors({"colour": "azul"})["colour"][0].startswith("«azul» no es un valor válido")


def test_a_long_list_is_not_listed_and_a_percent_sign_in_the_label_is_kept():
    assert _errors({"share": "x"}) == {"share": ["«x» no es un valor válido para «100% o parte»."]}


def test_a_huge_value_is_shortened_not_echoed():
    [message] = _errors({"area": "9" * 10_000})["area"]
    assert message == f"«{'9' * 39}…» no es un valor válido para «Dependencia»."


def test_a_filters_own_message_is_kept():
    assert _errors({"own": "azul"}) == {"own": ["Mensaje propio."]}


def test_valid_choices_are_accepted():
    area = AreaFactory()
    filterset = AreaFilterSet({"area": str(area.pk), "colour": "rojo"}, Area.objects.all())
    assert filterset.is_valid()
    assert filterset.form.cleaned_data["area"] == area


def test_in_english():
    with translation.override("en"):
        assert _errors({"colour": "azul", "area": "abc"}) == {
            "colour": ["«azul» is not a valid value for «Color». Use one of these: rojo, verde."],
            "area": ["«abc» is not a valid value for «Dependencia»."],
        }
