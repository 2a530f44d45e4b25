"""Products of a cooperative's catalogue.

A row matches the product of the same organization with the same name (in any of the
three languages, normalized). Imported products are not published: publishing stays a
deliberate step on the product's page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiwizi.accounts.models import Role
from tiwizi.core.text import search_document
from tiwizi.imports.cells import CellError, Choices, key, list_separator, parse_decimal, text
from tiwizi.imports.kinds.base import Column, Context, ImportKind, Plan, Row, label_of
from tiwizi.imports.kinds.organizations import OrganizationResolver
from tiwizi.imports.kinds.records import RecordPlan, settle, write_records
from tiwizi.imports.readers import Table
from tiwizi.registry.exports import ORGANIZATION_LABEL
from tiwizi.registry.models import Organization, Sector

EXAMPLE_PRODUCER = "Coopérative Tafoukt"
NAMES = ("name_fr", "name_ar", "name_en")
DESCRIPTIONS = ("description_fr", "description_ar", "description_en")


def _model() -> Any:
    from tiwizi.market.models import Product

    return Product


class ProductsKind(ImportKind):
    slug = "products"
    title = gettext_lazy("Products")
    description = gettext_lazy(
        "A cooperative's catalogue: names, category, unit, price and stock. Imported "
        "products are not published until you publish them."
    )

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        model = _model()
        return [
            Column("organization", ORGANIZATION_LABEL, required=True, example=EXAMPLE_PRODUCER),
            Column("name_fr", label_of(model, "name_fr"), example="Huile d'argan alimentaire"),
            Column("name_ar", label_of(model, "name_ar"), example="زيت أركان غذائي"),
            Column("name_en", label_of(model, "name_en"), example="Culinary argan oil"),
            Column("category", label_of(model, "category"), required=True,
                   choices=lambda: [sector.name for sector in Sector.objects.all()]),
            Column("unit", label_of(model, "unit"), required=True,
                   example=model.Unit.LITRE.label,
                   choices=lambda: Choices(model.Unit.choices).labels()),
            Column("price_mad", label_of(model, "price_mad"), example=180),
            Column("minimum_order", label_of(model, "minimum_order"), example=1),
            Column("monthly_capacity", label_of(model, "monthly_capacity"), example=200),
            Column("stock_status", label_of(model, "stock_status"),
                   example=model.StockStatus.IN_STOCK.label,
                   choices=lambda: Choices(model.StockStatus.choices).labels()),
            Column("description_fr", label_of(model, "description_fr")),
            Column("description_ar", label_of(model, "description_ar")),
            Column("description_en", label_of(model, "description_en")),
        ]  # fmt: skip

    def may_import(self, user: Any) -> bool:
        return bool(user.is_authenticated) and user.has_role(
            Role.PROGRAM_MANAGER, Role.COOPERATIVE_MANAGER
        )

    def plan(self, table: Table, context: Context) -> Plan:
        model = _model()
        plan = RecordPlan()
        rows = list(self.rows(table, plan, context))
        self.organizations = OrganizationResolver(Organization.objects.manageable_by(context.user))
        sectors = list(Sector.objects.all())
        self.sectors = {key(sector.code): sector for sector in sectors}
        for sector in sectors:
            for name in (sector.name_ar, sector.name_fr, sector.name_en):
                self.sectors.setdefault(key(name), sector)
        self.units = Choices(model.Unit.choices)
        self.stock = Choices(model.StockStatus.choices)
        existing: dict[tuple[int, str], Any] = {}
        for product in model.objects.filter(organization_id__in=list(self.organizations.by_id)):
            for name in NAMES:
                if getattr(product, name):
                    existing.setdefault(
                        (product.organization_id, key(getattr(product, name))), product
                    )
        seen: dict[Any, int] = {}
        for row in rows:
            values = self._values(row)
            if values is None:
                continue
            names = [key(values[name]) for name in NAMES if values.get(name)]
            identity = [(values["organization_id"], name) for name in names]
            repeated = next((seen[i] for i in identity if i in seen), None)
            if repeated:
                row.error(
                    "name_fr" if row.has("name_fr") else "organization",
                    _("This row repeats row %(row)s (same organization and product name).")
                    % {"row": repeated},
                )
                continue
            for item in identity:
                seen[item] = row.number
            product = next((existing[i] for i in identity if i in existing), None)
            settle(plan, context, product, model(**values) if product is None else product, values)
        return plan

    def _find_sector(self, value: Any) -> Sector:
        sector = self.sectors.get(key(value))
        if sector is None:
            raise CellError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {
                    "value": value,
                    "choices": list_separator().join(
                        sorted({s.name for s in self.sectors.values()})
                    ),
                }
            )
        return sector

    def _values(self, row: Row) -> dict[str, Any] | None:
        before = len(row.problems)
        values: dict[str, Any] = {}
        organization = None
        if row.require("organization", row.raw("organization")):
            organization = row.parse("organization", self.organizations.find)
        sector = None
        if row.require("category", row.raw("category")):
            sector = row.parse("category", self._find_sector)
        if row.require("unit", row.raw("unit")):
            values["unit"] = row.parse("unit", self.units.parse)
        for name in NAMES:
            if row.has(name):
                values[name] = row.parse(name, text, 200)
        for name in DESCRIPTIONS:
            if row.has(name):
                values[name] = row.parse(name, text, 5000)
        if row.has("price_mad"):
            values["price_mad"] = row.parse("price_mad", parse_decimal)
        for name in ("minimum_order", "monthly_capacity"):
            if row.has(name):
                amount = row.parse(name, parse_decimal, 3)
                if amount is not None and amount <= 0:
                    row.error(name, _("Enter a quantity greater than zero."))
                values[name] = amount
        if values.get("minimum_order", "") is None:
            values["minimum_order"] = Decimal("1.000")
        if row.has("stock_status"):
            values["stock_status"] = row.parse("stock_status", self.stock.parse) or "in_stock"
        if not any(values.get(name) for name in NAMES):
            row.error("name_fr", _("Give the product a name in at least one language."))
        if len(row.problems) != before or organization is None or sector is None:
            return None
        values["organization_id"] = organization.pk
        values["category_id"] = sector.pk
        return values

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        assert isinstance(plan, RecordPlan)
        model = _model()
        sectors = {sector.pk: sector for sector in Sector.objects.all()}
        for product in plan.to_create + plan.to_update:
            category = sectors.get(product.category_id)  # type: ignore[attr-defined]
            product.slug = slugify(product.name_fr or product.name_en)[:80] or "product"  # type: ignore[attr-defined]
            product.search_text = search_document(  # type: ignore[attr-defined]
                *(getattr(product, name) for name in (*NAMES, *DESCRIPTIONS)),
                *((category.name_ar, category.name_fr, category.name_en) if category else ()),
            )
        return {model._meta.label_lower: write_records(model, plan, {"slug", "search_text"})}
