from django.urls import path, re_path

from tiwizi.training import documents, views

app_name = "training"
urlpatterns = [
    path("training/", views.session_list, name="session_list"),
    path("training/sessions/new/", views.session_create, name="session_create"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("training/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("training/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("training/sessions/<int:pk>/enroll/", views.session_enroll, name="session_enroll"),
    path("training/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "training/sessions/<int:pk>/sign-in-sheet.pdf",
        documents.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path(
        "training/enrollments/<int:pk>/remove/",
        views.enrollment_remove,
        name="enrollment_remove",
    ),
    path("training/courses/", views.course_list, name="course_list"),
    path("training/courses/new/", views.course_create, name="course_create"),
    path("training/courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("training/courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("training/certificates/", views.certificate_list, name="certificate_list"),
    path("training/certificates/issue/", views.certificate_issue, name="certificate_issue"),
    path("training/certificates/<int:pk>.pdf", documents.certificate_pdf, name="certificate_pdf"),
    path("training/calendar/", views.calendar, name="calendar"),
    re_path(
        r"^training/calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$",
        documents.calendar_feed,
        name="calendar_feed",
    ),
    # Public, without login: anyone holding a certificate's code may check it.
    path("verify/", documents.verify_form, name="verify_form"),
    path("verify/<str:code>/", documents.verify, name="verify"),
]
