"""PDF documents (certificates, sign-in sheets, invoices) rendered by WeasyPrint.

Fonts are the vendored Amiri and Noto Serif (OFL, tiwizi/static/vendor/fonts),
loaded by file URL through `pdf/base.html`'s @font-face rules, so Arabic is shaped and
right-to-left on any machine, whatever fonts it has installed. Amiri rather than Noto
Naskh Arabic: Noto draws letters from shared dotless shapes, so text copied or
extracted from the PDF comes out wrong (ف read as ن); Amiri's glyphs map back exactly.
Templates extend `pdf/base.html` and may add their own CSS in the `style` block.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_DIR = Path(settings.BASE_DIR) / "tiwizi" / "static" / "vendor" / "fonts"


def font_context() -> dict[str, str]:
    """file:// URLs of the vendored fonts, for the @font-face rules in pdf/base.html."""
    return {
        "font_arabic_regular": (FONT_DIR / "amiri" / "Amiri-Regular.ttf").as_uri(),
        "font_arabic_bold": (FONT_DIR / "amiri" / "Amiri-Bold.ttf").as_uri(),
        "font_latin_regular": (FONT_DIR / "noto-serif" / "NotoSerif-Regular.ttf").as_uri(),
        "font_latin_bold": (FONT_DIR / "noto-serif" / "NotoSerif-Bold.ttf").as_uri(),
    }


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages without PDFs don't need.
    from weasyprint import HTML

    html = render_to_string(template_name, {**font_context(), **context})
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
