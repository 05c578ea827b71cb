from django.urls import path

from cityplatform.news import views
from cityplatform.news.feeds import LatestArticlesFeed

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("feed.atom", LatestArticlesFeed(), name="feed"),
]
