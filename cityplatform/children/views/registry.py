"""Registry pages: the list and search, registering and editing a child, the child's page
with its timeline, revealing an ID number, the pseudonymised summary, the export."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityplatform.audit.services import Action, audit_record
from cityplatform.children import selectors
from cityplatform.children.access import may_see_full_id, may_take_fallback_guardianship
from cityplatform.children.forms import (
    ChildForm,
    FilterForm,
    SearchForm,
    SummaryForm,
    apply_service_errors,
)
from cityplatform.children.models import Child
from cityplatform.children.selectors import ChildFilters
from cityplatform.children.services import child_register, child_update, children_export
from cityplatform.children.summary import case_summary
from cityplatform.core.errors import DomainError

from .common import audit_child_read, describe_changes, form_page, registry_view

PAGE_SIZE = 50
# A name search shows this many matches; more means the search should be narrower.
SEARCH_LIMIT = 100


def _filters(form: FilterForm, *, q: str = "", id_number: str = "") -> ChildFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return ChildFilters(
        q=q,
        id_number=id_number,
        place=data.get("place"),
        category=data.get("category") or "",
        guardianship=data.get("guardianship") or "",
        alarm_only=bool(data.get("alarm")),
        status=data.get("status") or "",
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@registry_view
@require_http_methods(["GET", "POST"])
def child_list(request: HttpRequest) -> HttpResponse:
    """GET: the list with filters. POST: search by name or exact ID number."""
    source = request.POST if request.method == "POST" else request.GET
    filter_form = FilterForm(source or None, user=request.user)
    search_form = SearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"filter_form": filter_form, "search_form": search_form}
    status = 200
    if request.method == "POST":
        if not search_form.is_valid():
            status = 400
            results = selectors.children_for(request.user).none()
        else:
            q = search_form.cleaned_data["q"]
            id_number = search_form.cleaned_data["id_number"]
            try:
                results = selectors.child_search(
                    user=request.user, filters=_filters(filter_form, q=q, id_number=id_number)
                )
                found = list(results[:SEARCH_LIMIT])
            except ValidationError as exc:
                search_form.add_error("id_number", exc)
                status = 400
                found = []
            else:
                audit_record(
                    action=Action.SEARCH,
                    object_type=Child._meta.label_lower,
                    request=request,
                    detail={"by": "id_number" if id_number else "name", "hits": len(found)},
                )
                if id_number and len(found) == 1:
                    url = reverse("children:detail", args=[found[0].pk]) + "?via=search"
                    if _is_htmx(request):
                        response = HttpResponse(status=204)
                        response["HX-Redirect"] = url
                        return response
                    return redirect(url)
            context.update(searched=True, results=found, rows=found, limit=SEARCH_LIMIT)
    else:
        qs = selectors.child_search(user=request.user, filters=_filters(filter_form))
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page=page, rows=page.object_list)
        context["query"] = request.GET.copy()
        context["query"].pop("page", None)  # type: ignore[attr-defined]
    template = "children/_results.html" if _is_htmx(request) else "children/child_list.html"
    return render(request, template, context, status=status)


@registry_view
@require_http_methods(["GET", "POST"])
def child_new(request: HttpRequest) -> HttpResponse:
    form = ChildForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = child_register(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("id_number" if exc.code == "duplicate_id_number" else None, exc.message)
        else:
            return redirect("children:detail", child.pk)
    status = 400 if request.method == "POST" else 200
    return form_page(
        request, title=_("Register a child"), form=form, status=status, submit=_("Register")
    )


@registry_view
@require_http_methods(["GET"])
def child_detail(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    via = "search" if request.GET.get("via") == "search" else "page"
    audit_child_read(request, child, via=via)
    events = [
        {"event": event, "lines": describe_changes(event)}
        for event in selectors.child_history(child)[:200]
    ]
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "events": events,
            "may_reveal": may_see_full_id(request.user),
            "may_fallback": may_take_fallback_guardianship(request.user),
        },
    )


@registry_view
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    initial = {
        "name": child.name,
        "sex": child.sex,
        "birth_date": child.birth_date,
        "village": child.village,
        "address": child.address,
        "categories": child.categories,
        "guardianship": child.guardianship,
        "school": child.school,
        "health": child.health,
        "special_needs": child.special_needs,
    }
    form = ChildForm(request.POST or None, user=request.user, initial=initial, editing=True)
    if request.method == "GET":
        audit_child_read(request, child, via="edit")
    if request.method == "POST" and form.is_valid():
        try:
            child_update(actor=request.user, child=child, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("id_number" if exc.code == "duplicate_id_number" else None, exc.message)
        else:
            return redirect("children:detail", child.pk)
    status = 400 if request.method == "POST" else 200
    return form_page(request, title=_("Edit the record"), form=form, child=child, status=status)


@registry_view
@require_POST
def reveal_id_number(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    if not may_see_full_id(request.user):
        raise PermissionDenied(_("Your role may not see full ID numbers."))
    audit_child_read(request, child, field="id_number")
    return render(request, "children/_id_number.html", {"child": child, "number": child.id_number})


@registry_view
@require_http_methods(["GET"])
def case_summary_view(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    form = SummaryForm(request.GET or None)
    pseudonym = form.cleaned_data["pseudonym"] if form.is_valid() else "欢欢"
    audit_child_read(request, child, view="summary")
    return render(
        request,
        "children/summary.html",
        {"child": child, "form": form, "summary": case_summary(child, pseudonym=pseudonym)},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@registry_view
@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "children/child_list.html",
            {"filter_form": form, "search_form": SearchForm()},
            status=400,
        )
    content, _rows = children_export(actor=request.user, filters=_filters(form), request=request)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="children.xlsx"'
    return response
