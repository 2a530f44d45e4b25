"""The interactive documentation page, served with the vendored Swagger UI.

Ninja's default page loads Swagger UI from a CDN and configures it with an inline
script: neither works here (offline machines, CSP without 'unsafe-inline'). Our page
loads static/vendor/swagger-ui/ and a static initializer that reads its settings from a
JSON element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class VendoredSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "deepLinking": True,
            "layout": "BaseLayout",
            "persistAuthorization": False,
        }
        return render(request, self.template, {"api": api, "swagger_settings": settings})
