"""The browsable API's HTML pages (``Accept: text/html``), fit for the product's pages: the
document's language on ``<html>`` and no inline style that the CSP (``style-src 'self'``)
blocks.

DRF's ``rest_framework/base.html`` writes ``<html>`` outside any template block and a few
``style="…"`` attributes inside large blocks, so no template that extends it can change them
without copying DRF's page; this renderer edits the rendered page instead. Each inline style
DRF writes becomes a ``data-drf-style`` attribute styled by ``api/css/browsable.css``;
``tests/api/test_browsable.py`` fails when a DRF update writes another one.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework import renderers

# DRF's inline styles (base.html, filters/*.html, horizontal/*.html) → the attribute that
# api/css/browsable.css styles the same way. Longest first: one may begin another.
INLINE_STYLES = {
    'style="float: right; margin-right: 10px"': 'data-drf-style="end"',
    'style="border-bottom: 1px solid #e5e5e5"': 'data-drf-style="fieldset"',
    'style="border-bottom: 0"': 'data-drf-style="legend"',
    'style="width: 350px"': 'data-drf-style="search"',
    'style="float: right"': 'data-drf-style="float"',
}


def html_lang(language: str | None = None) -> str:
    """The ``lang`` of a page in ``language`` (the active one by default), as ``base.html``
    writes it: Spanish is Colombian Spanish."""
    language = language or translation.get_language() or "es"
    return "es-CO" if language == "es" else language


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    template = "api/browsable.html"

    def get_context(self, data: Any, accepted_media_type: Any, renderer_context: Any) -> Any:
        context = super().get_context(data, accepted_media_type, renderer_context)
        # The highlighting rules are in api/css/browsable.css, not an inline <style>.
        context["code_style"] = None
        return context

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> Any:
        page = super().render(data, accepted_media_type, renderer_context)
        if not isinstance(page, str):
            return page
        page = page.replace("<html>", f'<html lang="{html_lang()}">', 1)
        for inline, attribute in INLINE_STYLES.items():
            page = page.replace(inline, attribute)
        return page
