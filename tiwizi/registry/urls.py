from django.urls import path

from tiwizi.registry import views

app_name = "registry"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path(
        "organizations/<int:pk>/archive/",
        views.organization_archive,
        name="organization_archive",
    ),
    path(
        "organizations/<int:pk>/restore/",
        views.organization_restore,
        name="organization_restore",
    ),
    path("organizations/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<int:pk>/memberships/add/",
        views.person_membership_add,
        name="person_membership_add",
    ),
]
