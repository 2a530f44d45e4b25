"""Light pages for rural and mobile connections: a product page's HTML, CSS and JS
(every stylesheet and script it links, photos excluded) weigh under 150 KB gzipped."""

import gzip
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tiwizi.market.catalogue import services
from tiwizi.market.models import ExchangeRate, Label

pytestmark = pytest.mark.django_db

LIMIT_BYTES = 150 * 1024
LINKED = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', re.IGNORECASE
)


def _gzipped_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def _linked_assets(html: str) -> list[str]:
    return [css or js for css, js in LINKED.findall(html)]


def _static_file(url: str) -> bytes:
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), f"not a local static file: {url}"
    path = finders.find(url.removeprefix(prefix).split("?")[0])
    assert path, f"static file not found: {url}"
    with open(path, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_product_page_weighs_under_150_kb_compressed(
    client, make_product, cooperative_manager, media_root, language
):
    product = make_product(
        name_ar="زعفران حر", description_fr="Safran du Siroua. " * 40, price_mad=Decimal("32")
    )
    for n in range(4):
        make_product(name_fr=f"Safran lot {n}")
    Label.objects.create(product=product, kind="origin", name="IGP Safran de Taliouine")
    ExchangeRate.objects.create(currency="EUR", mad_per_unit=Decimal("10.85"))
    from tiwizi.market.tests.test_catalogue_photos import image_bytes, upload

    services.add_photo(cooperative_manager, product, upload("a.jpg", image_bytes()))
    client.cookies["tiwizi_language"] = language

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assets = _linked_assets(response.text)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    assert not any("echarts" in a for a in assets), "the storefront must not load ECharts"
    total = _gzipped_size(response.content) + sum(_gzipped_size(_static_file(a)) for a in assets)
    assert total < LIMIT_BYTES, f"{total} bytes gzipped: {assets}"


def test_the_measure_counts_what_the_page_links(client, make_product):
    # The measure would be meaningless if it found no assets: check it sees Bootstrap.
    response = client.get(make_product().get_absolute_url())
    assets = _linked_assets(response.text)
    assert any("bootstrap" in a for a in assets)
    assert sum(len(_static_file(a)) for a in assets) > 100_000  # uncompressed
