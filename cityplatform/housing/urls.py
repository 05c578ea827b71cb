from django.urls import path

from cityplatform.housing import views

app_name = "housing"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("<int:pk>/", views.listing_detail, name="detail"),
]
