from django.urls import path

from tiwizi.coaching import views

app_name = "coaching"
urlpatterns = [
    path("coaching/", views.plan_list, name="plan_list"),
    path("coaching/new/", views.plan_create, name="plan_create"),
    path("coaching/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("coaching/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("coaching/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("coaching/<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("coaching/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("coaching/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("coaching/goals/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("coaching/visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("coaching/actions/<int:pk>/status/", views.action_status, name="action_status"),
]
