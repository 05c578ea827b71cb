from django.urls import path

from cityplatform.charity import views, views_staff

app_name = "charity"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign_export"),
    path("receipts/", views.receipt_lookup, name="receipt_lookup"),
    path("receipts/<str:number>/", views.receipt_detail, name="receipt"),
    path("receipts/<str:number>/print/<str:token>/", views.receipt_print, name="receipt_print"),
    path("console/", views_staff.console, name="console"),
    path("console/donations/new/", views_staff.donation_new, name="donation_new"),
    path("console/disbursements/new/", views_staff.disbursement_new, name="disbursement_new"),
    path(
        "console/disbursements/<int:pk>/decide/",
        views_staff.disbursement_decide,
        name="disbursement_decide",
    ),
    path(
        "console/disbursements/<int:pk>/correct/",
        views_staff.disbursement_correct_view,
        name="disbursement_correct",
    ),
    path(
        "console/donations/<int:pk>/correct/",
        views_staff.donation_correct_view,
        name="donation_correct",
    ),
    path(
        "console/campaigns/<int:pk>/publish/", views_staff.campaign_publish, name="campaign_publish"
    ),
]
