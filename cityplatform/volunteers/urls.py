from django.urls import path

from cityplatform.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("my-service/", views.my_service, name="my_service"),
    path("my-service/end/", views.my_service_end, name="my_service_end"),
    path(
        "my-service/certificate/<int:organization_id>/",
        views.my_certificate,
        name="my_certificate",
    ),
    path("certificates/<str:number>/", views.certificate, name="certificate"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/", views.verify_number, name="verify_number"),
    path("staff/import/", views.staff_import, name="staff_import"),
]
