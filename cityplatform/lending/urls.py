from django.urls import path

from cityplatform.lending.views import customer

app_name = "lending"

urlpatterns = [
    path("", customer.home, name="home"),
    path("calculator/", customer.calculator, name="calculator"),
    path("mine/", customer.mine, name="mine"),
]
