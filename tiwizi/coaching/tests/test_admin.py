"""Coaching in the admin site, for platform administrators."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("model", ["coachingplan", "goal", "visit", "actionitem"])
def test_admin_pages_open(model, client_for, make_user, plan, goal, visit, action):
    client = client_for(make_user(is_staff=True, is_superuser=True))
    changelist = reverse(f"admin:coaching_{model}_changelist")
    assert client.get(changelist, {"q": "coop"}).status_code == 200
    assert client.get(reverse(f"admin:coaching_{model}_add")).status_code == 200
    instance = {"coachingplan": plan, "goal": goal, "visit": visit, "actionitem": action}[model]
    url = reverse(f"admin:coaching_{model}_change", args=[instance.pk])
    assert client.get(url).status_code == 200
