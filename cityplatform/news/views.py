"""Public news pages: the list with search and category filter, and one article."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cityplatform.news import selectors

PAGE_SIZE = 10


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    q = selectors.clean_query(request.GET.get("q"))
    categories = list(selectors.category_list())
    wanted = request.GET.get("category", "")
    category = next((c for c in categories if wanted in (str(c.pk), c.slug)), None)
    articles = selectors.article_list_published(q=q or None, category=category)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/article_list.html",
        {"page": page, "q": q, "categories": categories, "category": category},
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_published(pk)
    return render(request, "news/article_detail.html", {"article": article})
