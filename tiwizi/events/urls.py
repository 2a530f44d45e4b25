from django.urls import path

from tiwizi.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", views.registration_add, name="registration_add"),
    path(
        "events/<int:pk>/register/members/",
        views.registration_member_options,
        name="registration_member_options",
    ),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path(
        "events/<int:pk>/participants.xlsx",
        views.participants_export,
        name="participants_export",
    ),
    path("events/<int:pk>/sign-in-sheet.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path(
        "events/registrations/<int:pk>/remove/",
        views.registration_remove,
        name="registration_remove",
    ),
    path("events/outcomes/<int:pk>/status/", views.outcome_status, name="outcome_status"),
]
