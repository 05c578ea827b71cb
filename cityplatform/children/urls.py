"""Registry pages, all behind login and a registry role (the audit page: auditors).

Every route that names a record carries a `*_pk` or `place_code` parameter; the security
tests build these URLs for records of another village and require 404 or 403.
"""

from django.urls import path

from cityplatform.children.views import audit, care, closing, dashboard, hotline, registry

app_name = "children"

urlpatterns = [
    path("", registry.child_list, name="list"),
    path("new/", registry.child_new, name="new"),
    path("export.xlsx", registry.export, name="export"),
    path("<int:child_pk>/", registry.child_detail, name="detail"),
    path("<int:child_pk>/edit/", registry.child_edit, name="edit"),
    path("<int:child_pk>/id-number/", registry.reveal_id_number, name="reveal_id"),
    path("<int:child_pk>/summary/", registry.case_summary_view, name="summary"),
    path("<int:child_pk>/close/", closing.child_close_view, name="close"),
    path("<int:child_pk>/reopen/", closing.child_reopen_view, name="reopen"),
    path("<int:child_pk>/guardians/new/", care.guardian_new, name="guardian_new"),
    path("guardians/<int:guardian_pk>/edit/", care.guardian_edit, name="guardian_edit"),
    path("<int:child_pk>/arrangements/new/", care.arrangement_new, name="arrangement_new"),
    path(
        "arrangements/<int:arrangement_pk>/end/",
        care.arrangement_finish,
        name="arrangement_end",
    ),
    path("<int:child_pk>/visits/new/", care.visit_new, name="visit_new"),
    path("visits/<int:visit_pk>/follow-up-done/", care.follow_up_done, name="follow_up_done"),
    path("<int:child_pk>/counselling/new/", care.counselling_new, name="counselling_new"),
    path("<int:child_pk>/assistance/new/", care.assistance_new, name="assistance_new"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<str:place_code>/", dashboard.dashboard, name="dashboard_place"),
    path("hotline/", hotline.hotline_list, name="hotline"),
    path("hotline/new/", hotline.hotline_new, name="hotline_new"),
    path("hotline/<int:call_pk>/", hotline.hotline_detail, name="hotline_detail"),
    path("hotline/<int:call_pk>/respond/", hotline.hotline_respond, name="hotline_respond"),
    path("audit/", audit.child_audit, name="audit"),
]
