from django.urls import path

from tiwizi.programs import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:pk>/partners/add/", views.partner_add, name="partner_add"),
    path("programs/partners/<int:pk>/remove/", views.partner_remove, name="partner_remove"),
    path("programs/<int:pk>/cohorts/add/", views.cohort_add, name="cohort_add"),
    path("programs/cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("programs/cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("programs/cohorts/<int:pk>/enroll/", views.cohort_enroll, name="cohort_enroll"),
    path(
        "programs/participations/<int:pk>/status/",
        views.participation_status,
        name="participation_status",
    ),
    path("programs/<int:pk>/contributions/add/", views.contribution_add, name="contribution_add"),
    path(
        "programs/contributions/<int:pk>/edit/",
        views.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "programs/contributions/<int:pk>/delete/",
        views.contribution_delete,
        name="contribution_delete",
    ),
]
