"""Read-only views of the book for staff with the ledger's view permissions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.ledger.models import Account, Entry, Transaction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "owner_type", "owner_id"]
    list_filter = ["kind", "owner_type"]
    search_fields = ["code", "name"]


class EntryInline(admin.TabularInline):
    model = Entry
    fields = readonly_fields = ("account", "amount")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["id", "value_date", "description", "source", "reference", "reverses"]
    list_filter = ["source"]
    search_fields = ["description", "reference"]
    date_hierarchy = "value_date"
    inlines = [EntryInline]
