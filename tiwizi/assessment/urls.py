from django.urls import path

from tiwizi.assessment import views

app_name = "assessment"
urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/new/", views.start, name="start"),
    path("assessment/export.xlsx", views.export, name="export"),
    path("assessment/<int:pk>/", views.detail, name="detail"),
    path("assessment/<int:pk>/fill/", views.fill, name="fill"),
    path(
        "assessment/<int:pk>/questions/<int:question_pk>/answer/",
        views.answer,
        name="answer",
    ),
    path("assessment/<int:pk>/submit/", views.submit, name="submit"),
    path("assessment/<int:pk>/supersede/", views.supersede, name="supersede"),
    path("assessment/<int:pk>/discard/", views.discard, name="discard"),
    path(
        "assessment/organizations/<int:pk>/",
        views.organization_results,
        name="organization",
    ),
    path("assessment/cohorts/<int:pk>/", views.cohort_results, name="cohort"),
]
