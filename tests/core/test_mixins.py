import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory

from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityObjectMixin
from cabildo.core.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


class AreaObjectView(EntityObjectMixin):
    object_model = Area
    object_select_related = ("parent",)


def _view(entity, pk):
    view = AreaObjectView()
    view.request = RequestFactory().get("/")
    view.request.entity = entity
    view.kwargs = {"pk": pk}
    return view


def test_object_of_own_entity_is_fetched_once(entity, django_assert_num_queries):
    area = AreaFactory(entity=entity)
    view = _view(entity, area.pk)
    with django_assert_num_queries(1):
        assert view.get_object() == area
        assert view.get_object() == area


def test_object_of_other_entity_is_404(entity, other_entity):
    foreign = AreaFactory(entity=other_entity)
    with pytest.raises(Http404):
        _view(entity, foreign.pk).get_object()
    with pytest.raises(Http404):
        _view(None, foreign.pk).get_object()


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_fields_or_form():
    form = NameForm(data={"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Nombre repetido.", "other": "Otro."}))
    assert form.errors["name"] == ["Nombre repetido."]
    assert form.non_field_errors() == ["Otro."]
    form = NameForm(data={"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("La vigencia está cerrada."))
    assert form.non_field_errors() == ["La vigencia está cerrada."]
