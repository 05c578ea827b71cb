"""The news desk in the admin: articles saved and moved through the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.core.errors import DomainError
from cityplatform.news import permissions, selectors, services
from cityplatform.news.models import Article, ArticleEvent, ArticleImage, Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ArticleAdminForm(forms.ModelForm):
    # Typed as text, saved by the service (which also indexes them for search).
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with spaces or commas, e.g. 疫情防控 民政."),
    )

    class Meta:
        model = Article
        # Not "tags": tag_names stands for it.
        fields = [
            "title",
            "subtitle",
            "category",
            "place",
            "authors",
            "photo_credits",
            "source",
            "body",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = " ".join(
                self.instance.tags.values_list("name", flat=True)
            )

    def clean_tag_names(self) -> list[str]:
        try:
            return services.tag_names_normalize(self.cleaned_data.get("tag_names") or "")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["tags"]) from exc


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    extra = 1
    fields = ["image", "caption", "order"]


class ArticleEventInline(admin.TabularInline):
    model = ArticleEvent
    extra = 0
    fields = ("at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


Transition = Callable[..., Article]


@admin.register(Article)
class ArticleAdmin(JurisdictionAdminMixin):
    """Articles of the admin user's jurisdiction. Authors may change drafts only.

    Saving goes through article_create/article_update, so `body_html` and the search
    terms always follow the body; status changes go through the actions below.
    """

    form = ArticleAdminForm
    list_display = ["title", "category", "status", "place", "published_at", "updated_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "subtitle", "authors"]
    date_hierarchy = "published_at"
    inlines = [ArticleImageInline, ArticleEventInline]
    readonly_fields = ["status", "published_at", "body_html", "created_by", "updated_at"]
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "category", "tag_names", "place")}),
        (_("Byline"), {"fields": ("authors", "photo_credits", "source")}),
        (_("Body"), {"fields": ("body", "body_html")}),
        (_("Workflow"), {"fields": ("status", "published_at", "created_by", "updated_at")}),
    )
    actions = ["submit_for_review", "publish", "return_to_draft", "unpublish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        qs = selectors.articles_for_staff(request.user)
        return qs.select_related("category", "place")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit(request.user, obj)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        values: dict[str, Any] = {
            field: getattr(obj, field)
            for field in ("title", "subtitle", "authors", "photo_credits", "source", "body")
        }
        values.update(category=obj.category, place=obj.place, tags=form.cleaned_data["tag_names"])
        actor = request.user
        if change:
            services.article_update(article=obj, actor=actor, **values)  # type: ignore[arg-type]
            return
        created = services.article_create(actor=actor, **values)  # type: ignore[arg-type]
        # The admin goes on to save the inlines against `obj`: give it the new row.
        for field in Article._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Tags were saved by the service; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _run(
        self, request: HttpRequest, queryset: QuerySet[Article], transition: Transition
    ) -> None:
        done = 0
        for article in queryset:
            try:
                transition(article=article, actor=request.user)
            except DomainError as exc:
                messages.error(request, f"{article.title}: {exc.message}")
            except PermissionDenied as exc:
                messages.error(request, f"{article.title}: {exc}")
            except ValidationError as exc:
                messages.error(request, f"{article.title}: {'；'.join(exc.messages)}")
            else:
                done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d article changed.", "%(count)d articles changed.", done)
                % {"count": done},
            )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_submit_for_review)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_publish)

    @admin.action(description=_("Return to draft"), permissions=["change"])
    def return_to_draft(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_return_to_draft)

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._run(request, queryset, services.article_unpublish)
