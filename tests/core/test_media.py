"""Uploaded files are served only by views that check the entity (never from ``MEDIA_URL``)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

pytestmark = pytest.mark.django_db

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@override_settings(DEBUG=True)
def test_media_url_is_not_routed_even_in_debug(settings):
    import importlib

    import config.urls

    importlib.reload(config.urls)  # the URLconf as ``make dev`` builds it
    try:
        with pytest.raises(Resolver404):
            resolve("/media/entities/logos/x.png", urlconf=config.urls)
    finally:
        importlib.reload(config.urls)


def test_entity_logo_is_served_by_its_view(client, entity, other_entity, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    client.entity = entity
    entity.logo = SimpleUploadedFile("a.png", PNG_BYTES, content_type="image/png")
    entity.save()
    html = client.get(reverse("core:home")).content.decode()
    assert f'src="/{entity.slug}/entidad/logo/"' in html
    assert "/media/" not in html
    response = client.get(reverse("core:entity_logo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG_BYTES
    # Another entity without a logo: 404, never the first entity's file.
    client.entity = other_entity
    assert client.get(reverse("core:entity_logo")).status_code == 404
