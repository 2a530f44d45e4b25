"""Impact in the admin site, for platform administrators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tiwizi.impact.models import Indicator, Measurement, PeriodicReport, Target


@pytest.mark.parametrize("model", [Indicator, PeriodicReport, Target, Measurement])
def test_admin_pages_open(model, client_for, make_user, program, make_cooperative, make_report):
    make_report(make_cooperative(), quarter=1)
    Target.objects.create(
        program=program, indicator=Indicator.objects.get(code="jobs"), year=2026, value=10
    )
    Measurement.objects.create(
        program=program,
        indicator=Indicator.objects.filter(source="manual").first(),
        year=2026,
        value=Decimal(3),
    )
    admin = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "jobs"}).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
    assert add == (403 if model is Indicator else 200)  # the catalogue comes from a migration
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
