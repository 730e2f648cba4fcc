"""The knowledge base: forms of behaviour, signals, risk factors, facts, organisations and
help contacts. Every text has a Dutch (required) and English (optional) version."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import ContentEntry


class FormGroup(models.TextChoices):
    BOUNDARY_CROSSING = "boundary_crossing", _("Online sexual boundary-crossing behaviour")
    SEXUAL_ABUSE = "sexual_abuse", _("Online sexual abuse")


class FormOfBehaviour(ContentEntry):
    group = models.CharField(_("group"), max_length=40, choices=FormGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    summary_nl = models.CharField(_("summary (Dutch)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    definition_nl = models.TextField(_("definition (Dutch)"))
    definition_en = models.TextField(_("definition (English)"), blank=True)
    synonyms_nl = models.JSONField(_("synonyms (Dutch)"), default=list, blank=True)
    synonyms_en = models.JSONField(_("synonyms (English)"), default=list, blank=True)
    examples_nl = models.JSONField(_("examples (Dutch)"), default=list, blank=True)
    examples_en = models.JSONField(_("examples (English)"), default=list, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("related forms"), blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("form of behaviour")
        verbose_name_plural = _("forms of behaviour")

    def __str__(self) -> str:
        return str(self.t("name"))


class SignalKind(models.TextChoices):
    SIGNAL = "signal", _("Signal")
    RISK_FACTOR = "risk_factor", _("Risk factor")


class Signal(ContentEntry):
    """A signal that something may be wrong, or a risk factor (see ``kind``)."""

    kind = models.CharField(_("kind"), max_length=20, choices=SignalKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["kind", "order", "key"]
        verbose_name = _("signal or risk factor")
        verbose_name_plural = _("signals and risk factors")

    def __str__(self) -> str:
        return str(self.t("title"))


class Fact(ContentEntry):
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    figure = models.CharField(
        _("figure"),
        max_length=40,
        blank=True,
        help_text=_("Short figure, e.g. '14%' or '1 in 100'."),
    )
    statement_nl = models.TextField(_("statement (Dutch)"))
    statement_en = models.TextField(_("statement (English)"), blank=True)
    year = models.PositiveSmallIntegerField(_("year of the data"), null=True, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("fact or figure")
        verbose_name_plural = _("facts and figures")

    def __str__(self) -> str:
        return str(self.t("statement"))[:80]


class Organisation(ContentEntry):
    name = models.CharField(_("name"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), max_length=300)
    contributed_to_guide = models.BooleanField(
        _("made the guide"),
        default=False,
        help_text=_("One of the organisations that made the original guide."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class HelpContact(ContentEntry):
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    purpose_nl = models.TextField(_("what for (Dutch)"))
    purpose_en = models.TextField(_("what for (English)"), blank=True)
    when_to_call_nl = models.TextField(_("when to contact (Dutch)"))
    when_to_call_en = models.TextField(_("when to contact (English)"), blank=True)
    audience_nl = models.CharField(_("for whom (Dutch)"), max_length=300)
    audience_en = models.CharField(_("for whom (English)"), max_length=300, blank=True)
    hours_nl = models.CharField(_("opening hours (Dutch)"), max_length=200, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    emergency = models.BooleanField(
        _("always visible"),
        default=False,
        help_text=_("Shown at the top of the help and incident pages (112, Veilig Thuis)."),
    )

    class Meta:
        ordering = ["-emergency", "order", "key"]
        verbose_name = _("help contact")
        verbose_name_plural = _("help contacts")

    def __str__(self) -> str:
        return str(self.t("name"))
