"""Events in the admin site, for platform administrators."""

import pytest
from django.urls import reverse

from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration


@pytest.mark.parametrize("model", [Event, Registration, Outcome])
def test_admin_pages_open(model, client_for, make_user, past_event, program_manager, cooperative):
    services.register(program_manager, past_event, organization=cooperative)
    services.add_outcome(program_manager, past_event, {"text": "Suivi"})
    admin = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "atelier"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
