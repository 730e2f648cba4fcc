"""The tool catalogue (hulpmiddelen): lesson material, trainings, parent information, policy
documents and services, each labelled with how it came about (see docs/catalog.md)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wegwijzer.catalog.fields import ChoiceSetField
from wegwijzer.core.models import ContentEntry


class Kind(models.TextChoices):
    LESSON_SERIES = "lesson_series", _("Lesson series")
    SINGLE_LESSON = "single_lesson", _("Single lesson")
    PROJECT_WEEK = "project_week", _("Project week")
    GAME = "game", _("Game")
    VIDEO = "video", _("Video")
    WEBSITE = "website", _("Website")
    TRAINING = "training", _("Training")
    PROTOCOL = "protocol", _("Protocol or step plan")
    POLICY_DOCUMENT = "policy_document", _("Policy document")
    BROCHURE = "brochure", _("Brochure")
    HELPLINE_SERVICE = "helpline_service", _("Helpline or service")


class Audience(models.TextChoices):
    PUPILS = "pupils", _("Pupils and young people")
    STAFF = "staff", _("Teachers and other staff")
    PARENTS = "parents", _("Parents and carers")
    POLICY_MAKERS = "policy_makers", _("School leaders and policy makers")


class Setting(models.TextChoices):
    PO = "po", _("Primary education (po)")
    VO = "vo", _("Secondary education (vo)")
    SO = "so", _("Special education (so/vso)")
    MBO = "mbo", _("Vocational education (mbo)")
    SPORT = "sport", _("Sports clubs")
    YOUTH_WORK = "youth_work", _("Youth work")


class Basis(models.TextChoices):
    ONDERBOUWING = "onderbouwing", _("Onderbouwing (recognised)")
    ONTWIKKELING = "ontwikkeling", _("Ontwikkeling (developed by experts)")
    ERVARING = "ervaring", _("Ervaring (based on experience)")


#: Best basis first: used for "relevance" without a search text and for suggestions.
BASIS_ORDER = [Basis.ONDERBOUWING, Basis.ONTWIKKELING, Basis.ERVARING]


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")
    ON_REQUEST = "on_request", _("Price on request")
    UNKNOWN = "unknown", _("Cost not known")


class Status(models.TextChoices):
    CURRENT = "current", _("Current")
    RETIRED = "retired", _("No longer offered")


LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}$")


def sort_key(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces: sorts the same on every database."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))[:200]


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and LANGUAGE_CODE_RE.match(v) for v in value
    ):
        raise ValidationError(_('Give a list of language codes, for example ["nl", "en"].'))


class Tool(ContentEntry):
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    providers = models.ManyToManyField(
        "knowledge.Organisation",
        verbose_name=_("providers"),
        related_name="tools",
    )
    summary_nl = models.CharField(_("short description (Dutch)"), max_length=300)
    summary_en = models.CharField(_("short description (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("full description (Dutch)"))
    description_en = models.TextField(_("full description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    audiences = ChoiceSetField(_("audiences"), choice_set=Audience)
    settings = ChoiceSetField(_("settings"), choice_set=Setting)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(99)],
        help_text=_("Leave empty when the source does not state an age."),
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(99)],
        help_text=_("Leave empty when there is no upper limit or the source does not say."),
    )
    forms = models.ManyToManyField(
        "knowledge.FormOfBehaviour",
        verbose_name=_("forms of behaviour"),
        related_name="tools",
        blank=True,
    )
    basis = models.CharField(
        _("basis label"),
        max_length=20,
        choices=Basis.choices,
        db_index=True,
        help_text=_("How the tool came about: Onderbouwing, Ontwikkeling or Ervaring."),
    )
    recognition_body = models.CharField(
        _("recognition body"),
        max_length=200,
        blank=True,
        help_text=_("For example NJi or RIVM/Loket Gezond Leven."),
    )
    recognition_level = models.CharField(
        _("recognition level"),
        max_length=200,
        blank=True,
        help_text=_('Exactly as the database names it, for example "Goed onderbouwd".'),
    )
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    recognition_note_nl = models.TextField(
        _("note on the recognition (Dutch)"),
        blank=True,
        help_text=_('For example a second judgement, or the reason for "niet erkend".'),
    )
    recognition_note_en = models.TextField(_("note on the recognition (English)"), blank=True)
    cost = models.CharField(
        _("cost"), max_length=20, choices=Cost.choices, db_index=True, default=Cost.UNKNOWN
    )
    cost_note_nl = models.CharField(_("note on the cost (Dutch)"), max_length=300, blank=True)
    cost_note_en = models.CharField(_("note on the cost (English)"), max_length=300, blank=True)
    duration_nl = models.CharField(_("duration (Dutch)"), max_length=200, blank=True)
    duration_en = models.CharField(_("duration (English)"), max_length=200, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_('Language codes of the material, for example ["nl"].'),
    )
    link = models.URLField(_("link"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CURRENT, db_index=True
    )
    sort_title = models.CharField(_("sort title"), max_length=200, editable=False, default="")

    class Meta:
        ordering = ["sort_title", "key"]
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        indexes = [
            # the facet index checks max(updated_at) on every catalogue request
            models.Index(fields=["updated_at"], name="catalog_tool_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="catalog_tool_age_range",
                violation_error_message=_("The minimum age is higher than the maximum age."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.t("title"))

    def clean(self) -> None:
        super().clean()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The maximum age is lower than the minimum age.")})

    def save(self, *args, **kwargs):
        self.sort_title = sort_key(self.title_nl)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:detail", kwargs={"key": self.key})

    @property
    def is_current(self) -> bool:
        return self.status == Status.CURRENT

    @property
    def age_range(self) -> tuple[int | None, int | None]:
        return self.age_min, self.age_max
