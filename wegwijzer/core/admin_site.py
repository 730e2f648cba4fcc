from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.core import content


def overdue_entries() -> list[dict]:
    """Every content entry whose review date has passed, oldest first, across all kinds."""
    today = timezone.localdate()
    rows = []
    for kind in content.registered_kinds():
        model = kind.model
        for obj in model.objects.filter(review_by__lt=today).order_by("review_by"):
            rows.append(
                {
                    "object": obj,
                    "kind": model._meta.verbose_name,
                    "review_by": obj.review_by,
                    "checked_on": obj.checked_on,
                    "url": f"{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/",
                }
            )
    return sorted(rows, key=lambda r: r["review_by"])


class WegwijzerAdminSite(admin.AdminSite):
    site_header = _("Wegwijzer management")
    site_title = _("Wegwijzer management")
    index_title = _("Content and settings")
    index_template = "admin/wegwijzer_index.html"

    def get_urls(self):
        return [
            path("te-herzien/", self.admin_view(self.review_view), name="review_overdue"),
            *super().get_urls(),
        ]

    def review_view(self, request):
        return TemplateResponse(
            request,
            "admin/review_overdue.html",
            {
                **self.each_context(request),
                "title": _("Entries to review"),
                "rows": overdue_entries(),
            },
        )

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "overdue_count": len(overdue_entries())}
        return super().index(request, extra_context)
