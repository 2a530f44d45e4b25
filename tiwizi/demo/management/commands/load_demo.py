"""`manage.py load_demo`: fictional cooperatives, members, one login per role, and a
program with its training, coaching and events."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q, Sum

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.demo.loader import load_demo
from tiwizi.impact.models import Indicator, Measurement, PeriodicReport, Target
from tiwizi.market.models import Inquiry, Label, Order, Product, Sale
from tiwizi.registry.models import Membership, Organization, Person


class Command(BaseCommand):
    help = (
        "Load the demo data set (tiwizi/demo/data.py). Idempotent: loading it again "
        "changes nothing, except that demo passwords are reset to the printed one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Address of the server, shown with the logins.",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DJANGO_DEBUG is off. The demo logins have a published "
            "password: never do this on a server that holds real data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "load_demo creates logins whose password is published. Run it with "
                "DJANGO_DEBUG=1 (make demo does), or pass --allow-without-debug on a "
                "throwaway server."
            )
        report = load_demo()
        out = self.stdout
        for model, outcomes in sorted(report.outcomes.items()):
            summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
            out.write(f"  {model}: {summary}")
        cooperatives = Organization.objects.filter(kind=Organization.Kind.COOPERATIVE).count()
        gies = Organization.objects.filter(kind=Organization.Kind.GIE).count()
        out.write(
            self.style.SUCCESS(
                f"Demo data {'loaded' if report.changed else 'already up to date'}: "
                f"{Organization.objects.count()} organizations ({cooperatives} cooperatives, "
                f"{gies} GIEs), {Person.objects.count()} people, "
                f"{Membership.objects.count()} memberships, {User.objects.count()} users, "
                f"{Grant.objects.count()} grants."
            )
        )
        if report.summary:
            out.write(f"  {report.summary}")
        out.write(f"  {market_summary()}")
        out.write(f"  {impact_summary()}")

        url = options["url"].rstrip("/") + "/"
        roles = dict(Role.choices)
        rows = [("Role", "Email", "Password")] + [
            (str(roles[role]), email, password) for role, email, password, _ in report.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        rule = "  +" + "+".join("-" * (w + 2) for w in widths) + "+"
        out.write("")
        out.write(f"Demo logins (sign in at {url}accounts/login/):")
        out.write(rule)
        for i, row in enumerate(rows):
            out.write(
                "  | " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            )
            if i == 0:
                out.write(rule)
        out.write(rule)
        out.write("Loading the demo again resets these passwords to the one shown.")
        out.write(f"Open {url}")


def market_summary() -> str:
    products = Product.objects.aggregate(
        total=Count("id"), published=Count("id", filter=Q(published=True))
    )
    orders = dict(Order.objects.values_list("status").annotate(n=Count("id")).order_by())
    sales = Sale.objects.aggregate(total=Count("id"), revenue=Sum("amount_mad"))
    buyers = Organization.objects.filter(kind=Organization.Kind.BUYER).count()
    by_status = ", ".join(f"{n} {status}" for status, n in sorted(orders.items()))
    return (
        f"Market: {products['total']} products ({products['published']} published), "
        f"{Label.objects.count()} labels, {buyers} buyers, {Inquiry.objects.count()} "
        f"inquiries, {sum(orders.values())} orders ({by_status}), {sales['total']} sales "
        f"({sales['revenue'] or 0:.2f} MAD)."
    )


def impact_summary() -> str:
    return (
        f"Impact: {Indicator.objects.count()} indicators, "
        f"{PeriodicReport.objects.count()} periodic reports, {Target.objects.count()} "
        f"targets, {Measurement.objects.count()} measurements entered by hand."
    )
