from django.urls import path

from cityplatform.lending.views import console, customer, refunds

app_name = "lending"

urlpatterns = [
    path("", customer.home, name="home"),
    path("calculator/", customer.calculator, name="calculator"),
    path("mine/", customer.mine, name="mine"),
    path("apply/", customer.apply, name="apply"),
    path("applications/<int:pk>/", customer.application, name="application"),
    path("lines/<int:pk>/", customer.line, name="line"),
    path("lines/<int:pk>/draw/", customer.draw, name="draw"),
    path("lines/<int:pk>/draws/<int:draw_pk>/", customer.draw_detail, name="draw_detail"),
    path("lines/<int:pk>/repay/", customer.repay, name="repay"),
    path("lines/<int:pk>/refund/", refunds.refund, name="refund"),
    path("lines/<int:pk>/statements/", customer.statements, name="statements"),
    path("lines/<int:pk>/statements/<int:statement_pk>/", customer.statement, name="statement"),
    # The officers' console.
    path("console/", console.queue, name="console"),
    path("console/applications/<int:pk>/", console.application, name="console_application"),
    path("console/lines/", console.lines, name="console_lines"),
    path("console/lines/<int:pk>/", console.line, name="console_line"),
    path("console/lines/<int:pk>/action/", console.line_action, name="console_line_action"),
    path("console/draws/", console.draws_in_flight, name="console_draws"),
    path("console/draws/<int:pk>/resume/", console.draw_resume, name="console_draw_resume"),
    path("console/overdue/", console.overdue, name="console_overdue"),
    path("console/product/", console.product, name="console_product"),
    path("console/product/tiers/<int:pk>/", console.tier, name="console_tier"),
    path("console/product/caps/<int:pk>/", console.cap, name="console_cap"),
    path("console/product/status/", console.product_status, name="console_product_status"),
]
