from django.urls import path

from cityplatform.housing import views, views_demands

app_name = "housing"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("demand/", views_demands.demand_create, name="demand"),
    path("demand/done/", views_demands.demand_done, name="demand_done"),
]
