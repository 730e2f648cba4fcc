from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewStatusFilter(admin.SimpleListFilter):
    title = _("review status")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("review date passed")),
            ("soon", _("due within 30 days")),
            ("ok", _("up to date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_by__lt=today)
        if self.value() == "soon":
            return queryset.filter(review_by__gte=today, review_by__lte=today + timedelta(days=30))
        if self.value() == "ok":
            return queryset.filter(review_by__gt=today + timedelta(days=30))
        return queryset


class ContentAdmin(admin.ModelAdmin):
    """Base admin for content entries: review dates visible, filterable and sortable."""

    list_filter = [ReviewStatusFilter]
    readonly_fields = ["created_at", "updated_at"]
    search_fields = ["key"]
    date_hierarchy = None
    source_fieldset = (
        _("Source and review"),
        {
            "fields": [
                "source_title",
                "source_url",
                "checked_on",
                "review_by",
                "created_at",
                "updated_at",
            ]
        },
    )

    @admin.display(boolean=True, description=_("review due"), ordering="review_by")
    def overdue(self, obj) -> bool:
        return obj.is_overdue
