"""Back-office catalogue pages: who sees and changes which products, and the list."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.core.models import AuditEntry
from tiwizi.market.models import Product
from tiwizi.registry.models import Organization, Sector

pytestmark = pytest.mark.django_db


def _form_data(organization=None, **changes):
    data = {
        "name_ar": "زعفران حر",
        "name_fr": "Safran en filaments",
        "name_en": "",
        "description_ar": "زعفران تالوين",
        "description_fr": "",
        "description_en": "",
        "category": Sector.objects.get(code="saffron").pk,
        "unit": "g",
        "price_mad": "32.50",
        "minimum_order": "10",
        "monthly_capacity": "500",
        "season_start_month": "10",
        "season_end_month": "12",
        "stock_status": "in_stock",
        "published": "on",
    }
    if organization is not None:
        data["organization"] = organization.pk
    data.update(changes)
    return data


# The list


def test_cooperative_manager_sees_only_own_products(
    client_for, cooperative_manager, make_product, make_organization
):
    make_product(name_fr="Safran de Siroua")
    make_product(organization=make_organization(name_fr="Autre"), name_fr="Dattes d'ailleurs")

    response = client_for(cooperative_manager).get(reverse("market:product_list"))

    assert response.status_code == 200
    assert "Safran de Siroua" in response.text
    assert "Dattes d" not in response.text


def test_program_manager_sees_the_products_of_the_cooperatives_the_ngo_supports(
    client_for, program_manager, make_product, make_organization
):
    make_product(name_fr="Safran de Siroua")
    make_product(organization=make_organization(name_fr="Autre"), name_fr="Miel d'ailleurs")

    response = client_for(program_manager).get(reverse("market:product_list"))

    assert "Safran de Siroua" in response.text
    assert "Miel d" not in response.text


@pytest.mark.parametrize("role", [Role.FUNDER, Role.BUYER])
def test_funders_and_buyers_have_no_back_office_catalogue(client_for, make_user, role):
    response = client_for(make_user(role)).get(reverse("market:product_list"))
    assert response.status_code == 403


def test_list_filters_search_and_sorts(client_for, cooperative_manager, make_product):
    make_product(name_fr="Safran premium", price_mad=Decimal("40"))
    make_product(name_fr="Safran courant", price_mad=Decimal("25"), published=False)
    make_product(name_fr="Eau de rose", sector="roses-aromatic-plants", unit="l")
    client = client_for(cooperative_manager)
    url = reverse("market:product_list")

    unpublished = client.get(url, {"published": "no"}).text
    assert "Safran courant" in unpublished and "Safran premium" not in unpublished
    roses = client.get(url, {"category": Sector.objects.get(code="roses-aromatic-plants").pk}).text
    assert "Eau de rose" in roses and "Safran premium" not in roses
    searched = client.get(url, {"q": "saffron"}).text
    assert "Safran premium" in searched and "Eau de rose" not in searched
    by_price = client.get(url, {"sort": "-price"}).text
    assert by_price.index("Safran premium") < by_price.index("Safran courant")
    assert client.get(url, {"published": "maybe", "stock": "??", "sort": "x"}).status_code == 200


def test_list_exports_csv_with_the_filters(client_for, cooperative_manager, make_product):
    make_product(name_fr="Safran premium")
    make_product(name_fr='=HYPERLINK("x")', published=False)

    response = client_for(cooperative_manager).get(
        reverse("market:product_list"), {"export": "csv", "published": "yes"}
    )

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1] == "Safran premium"


def test_list_exports_xlsx(client_for, cooperative_manager, make_product):
    make_product()
    response = client_for(cooperative_manager).get(
        reverse("market:product_list"), {"export": "xlsx"}
    )
    assert response["Content-Disposition"].endswith('products.xlsx"')


# Create, edit, delete


def test_cooperative_manager_adds_a_product_for_their_cooperative(
    client_for, cooperative_manager, cooperative
):
    response = client_for(cooperative_manager).post(
        reverse("market:product_create"), _form_data(cooperative)
    )

    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("market:product_detail", args=[product.pk])
    assert product.organization == cooperative
    assert product.price_mad == Decimal("32.50")
    assert product.season_start_month == 10
    assert product.published
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="create").exists()


def test_empty_price_means_on_request(client_for, cooperative_manager, cooperative):
    client_for(cooperative_manager).post(
        reverse("market:product_create"), _form_data(cooperative, price_mad="")
    )
    assert Product.objects.get().price_on_request


def test_a_product_needs_a_name_in_one_language(client_for, cooperative_manager, cooperative):
    response = client_for(cooperative_manager).post(
        reverse("market:product_create"), _form_data(cooperative, name_ar="", name_fr="")
    )
    assert response.status_code == 200
    assert "Give the product a name in at least one language." in response.text
    assert not Product.objects.exists()


def test_season_needs_both_months(client_for, cooperative_manager, cooperative):
    response = client_for(cooperative_manager).post(
        reverse("market:product_create"), _form_data(cooperative, season_end_month="")
    )
    assert "Give both the first and the last month of the season, or neither." in response.text
    assert not Product.objects.exists()


def test_cannot_add_a_product_for_another_organization(
    client_for, cooperative_manager, make_organization
):
    other = make_organization(name_fr="Autre coopérative")
    response = client_for(cooperative_manager).post(
        reverse("market:product_create"), _form_data(other)
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Product.objects.exists()


def test_trainers_and_buyers_cannot_add_products(client_for, trainer, buyer):
    for user in (trainer, buyer):
        assert client_for(user).get(reverse("market:product_create")).status_code == 403


def test_program_manager_edits_a_supported_cooperatives_product(
    client_for, program_manager, make_product
):
    product = make_product()
    response = client_for(program_manager).post(
        reverse("market:product_edit", args=[product.pk]),
        _form_data(name_fr="Safran du Siroua", price_mad="35"),
    )
    product.refresh_from_db()
    assert response.status_code == 302
    assert product.name_fr == "Safran du Siroua"
    assert product.slug == "safran-du-siroua"


@pytest.mark.parametrize(
    "name", ["product_detail", "product_edit", "product_delete", "photo_add", "label_add"]
)
def test_another_organizations_manager_gets_404(client_for, outsider, make_product, name):
    product = make_product()
    response = client_for(outsider).get(reverse(f"market:{name}", args=[product.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["product_edit", "product_delete", "photo_add", "label_add"])
def test_trainer_sees_but_cannot_change_products(client_for, trainer, make_product, name):
    product = make_product()
    assert (
        client_for(trainer).get(reverse("market:product_detail", args=[product.pk])).status_code
        == 200
    )
    assert client_for(trainer).get(reverse(f"market:{name}", args=[product.pk])).status_code == 403


def test_delete_asks_for_confirmation_then_deletes(client_for, cooperative_manager, make_product):
    product = make_product()
    client = client_for(cooperative_manager)
    url = reverse("market:product_delete", args=[product.pk])

    assert "Delete Safran en filaments?" in client.get(url).text
    response = client.post(url)

    assert response.status_code == 302
    assert not Product.objects.exists()


def test_a_product_with_inquiries_is_unpublished_not_deleted(
    client_for, cooperative_manager, make_product, make_organization
):
    from tiwizi.market.models import Inquiry

    product = make_product()
    buyer = make_organization(Organization.Kind.BUYER, name_fr="Acheteur", country="FR")
    Inquiry.objects.create(
        buyer=buyer, seller=product.organization, product=product, quantity=Decimal("100"),
        destination="export", country="FR",
    )  # fmt: skip
    client = client_for(cooperative_manager)
    url = reverse("market:product_delete", args=[product.pk])

    assert "cannot be deleted" in client.get(url).text
    client.post(url)

    product.refresh_from_db()
    assert not product.published


def test_nav_has_products_for_cooperative_managers_only(client_for, cooperative_manager, make_user):
    home = reverse("core:home")
    products = reverse("market:product_list")
    assert products in client_for(cooperative_manager).get(home).text
    assert products not in client_for(make_user(Role.FUNDER)).get(home).text


def test_shop_link_is_in_the_navbar_for_everyone(client):
    assert reverse("market:shop_home") in client.get(reverse("accounts:login")).text


def test_organization_page_shows_its_products_section(
    client_for, cooperative_manager, cooperative, make_product
):
    make_product()
    response = client_for(cooperative_manager).get(cooperative.get_absolute_url())
    assert f"{reverse('market:product_list')}?organization={cooperative.pk}" in response.text


def test_home_panel_counts_the_cooperatives_products(client_for, cooperative_manager, make_product):
    make_product()
    make_product(published=False)
    response = client_for(cooperative_manager).get(reverse("core:home"))
    assert "1 of 2 products are shown in the shop." in response.text


def test_the_only_producer_is_preselected(client_for, cooperative_manager, cooperative):
    form = client_for(cooperative_manager).get(reverse("market:product_create")).context["form"]
    assert form["organization"].value() == cooperative.pk


def test_a_producer_is_preselected_from_its_page(client_for, program_manager, cooperative):
    response = client_for(program_manager).get(
        reverse("market:product_create"), {"organization": cooperative.pk}
    )
    assert str(response.context["form"]["organization"].value()) == str(cooperative.pk)
