"""Shared base for editable content, and the site-wide content clock."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.i18n import TranslatedMixin

REVIEW_INTERVAL = timedelta(days=365)


class ContentEntry(TranslatedMixin, models.Model):
    """Every editable entry: a stable key, a source, and when it was checked and is due."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in the content files and the API. Do not change."),
    )
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source URL"), max_length=500)
    checked_on = models.DateField(_("checked on"))
    review_by = models.DateField(_("review by"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.review_by and self.checked_on:
            self.review_by = self.checked_on + REVIEW_INTERVAL
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return bool(self.review_by) and self.review_by < timezone.localdate()


class ContentState(models.Model):
    """One row: when any public content last changed (for Last-Modified)."""

    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("content state")
        verbose_name_plural = _("content state")

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M}"
