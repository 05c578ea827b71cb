from django.urls import path

from cityplatform.developments import views

app_name = "developments"

urlpatterns = [
    path("", views.development_list, name="list"),
    path("<int:pk>/", views.development_detail, name="detail"),
    path("<int:pk>/enquiry/", views.enquiry_create, name="enquiry"),
    path("<int:pk>/enquiry/thanks/", views.enquiry_done, name="enquiry_done"),
    path("console/", views.console, name="console"),
    path("console/enquiries/<int:pk>/", views.console_enquiry, name="console_enquiry"),
    path(
        "console/enquiries/<int:pk>/transition/",
        views.console_transition,
        name="console_transition",
    ),
    path("console/enquiries/<int:pk>/note/", views.console_note, name="console_note"),
]
