from django.urls import path

from cityplatform.housing import console_views, views, views_demands, views_reports

app_name = "housing"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/report/", views_reports.listing_report, name="report"),
    path("community/<int:pk>/", views.community_detail, name="community"),
    path("console/", console_views.console, name="console"),
    path("console/viewings/", console_views.viewing_book, name="viewing_book"),
    path(
        "console/viewings/<int:pk>/outcome/",
        console_views.viewing_outcome,
        name="viewing_outcome",
    ),
    path(
        "console/viewing-calls/<int:pk>/done/",
        console_views.viewing_call_done,
        name="viewing_call_done",
    ),
    path("console/deals/", console_views.deal_open, name="deal_open"),
    path("console/deals/<int:pk>/", console_views.deal_detail, name="deal"),
    path("console/deals/<int:pk>/advance/", console_views.deal_advance, name="deal_advance"),
    path(
        "console/deals/<int:pk>/fall-through/",
        console_views.deal_fall_through,
        name="deal_fall_through",
    ),
    path("demand/", views_demands.demand_create, name="demand"),
    path("demand/done/", views_demands.demand_done, name="demand_done"),
]
