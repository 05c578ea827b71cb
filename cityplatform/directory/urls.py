from django.urls import path

from cityplatform.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("<int:pk>/", views.provider_detail, name="detail"),
    path("<int:pk>/request/", views.request_create, name="request"),
    path("<int:pk>/request/thanks/", views.request_done, name="request_done"),
    path("console/", views.console, name="console"),
    path("console/requests/<int:pk>/", views.console_request, name="console_request"),
    path(
        "console/requests/<int:pk>/transition/",
        views.console_transition,
        name="console_transition",
    ),
    path("console/requests/<int:pk>/note/", views.console_note, name="console_note"),
]
