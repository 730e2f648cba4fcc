"""The assistant's editable rule data: questions, steps, never-do items and guides.

Loaded from ``content/assistant_*.yaml`` and editable in the admin. Nothing about an
incident is ever stored: there is no model for answers or plans, on purpose.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from wegwijzer.core.models import ContentEntry

CONDITION_HELP = _(
    'A condition in JSON, for example {"any": [{"images": ["spreading"]}, {"behaviour": '
    '["sextortion"]}]}. Empty means always. See docs/assistant.md.'
)


def _problems(adapter: TypeAdapter, value) -> list[str]:
    try:
        adapter.validate_python(value)
    except PydanticError as exc:
        return [
            f"{'.'.join(str(p) for p in err['loc']) or '(value)'}: {err['msg']}"
            for err in exc.errors()
        ]
    return []


class Phase(models.TextChoices):
    NOW = "now", _("Right now")
    TODAY = "today", _("Today")
    THIS_WEEK = "this_week", _("This week")
    AFTERCARE = "aftercare", _("Aftercare")


class AssistantQuestion(ContentEntry):
    """A question's texts. Its key and option values are fixed (they are the API)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question_nl = models.CharField(_("question (Dutch)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    hint_nl = models.TextField(_("hint (Dutch)"), blank=True)
    hint_en = models.TextField(_("hint (English)"), blank=True)
    short_nl = models.CharField(_("short label (Dutch)"), max_length=100)
    short_en = models.CharField(_("short label (English)"), max_length=100, blank=True)
    options = models.JSONField(
        _("options"),
        default=list,
        help_text=_("Labels (and hints) per fixed value, in the order shown."),
    )
    default_role_nl = models.CharField(_("role if unknown (Dutch)"), max_length=300, blank=True)
    default_role_en = models.CharField(_("role if unknown (English)"), max_length=300, blank=True)
    default_board_nl = models.CharField(_("board if unknown (Dutch)"), max_length=300, blank=True)
    default_board_en = models.CharField(_("board if unknown (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("assistant question")
        verbose_name_plural = _("assistant questions")

    def __str__(self) -> str:
        return str(self.t("question"))

    def clean(self) -> None:
        super().clean()
        from wegwijzer.assistant.content_schema import QuestionEntry

        data = {
            "key": self.key,
            "source": {"title": self.source_title, "url": self.source_url},
            "checked_on": self.checked_on,
            "order": self.order,
            "question": {"nl": self.question_nl, "en": self.question_en or None},
            "short": {"nl": self.short_nl, "en": self.short_en or None},
            "options": self.options,
        }
        if self.default_role_nl:
            data["default_role"] = {"nl": self.default_role_nl, "en": self.default_role_en or None}
        if self.default_board_nl:
            data["default_board"] = {
                "nl": self.default_board_nl,
                "en": self.default_board_en or None,
            }
        problems = _problems(TypeAdapter(QuestionEntry), data)
        if problems:
            raise ValidationError({"options": problems})


class AssistantStep(ContentEntry):
    """One step of a plan; ``when`` decides for which answers it is included."""

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    order = models.PositiveSmallIntegerField(_("order within the phase"), default=0)
    when = models.JSONField(_("when"), null=True, blank=True, help_text=CONDITION_HELP)
    certain_only = models.BooleanField(
        _("only when certain"),
        default=False,
        help_text=_("Leave the step out when it would apply only because an answer is unknown."),
    )
    superseded_by = models.ManyToManyField(
        "self",
        verbose_name=_("left out when these steps apply for certain"),
        symmetrical=False,
        blank=True,
        related_name="supersedes",
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    why_nl = models.TextField(_("why (Dutch)"))
    why_en = models.TextField(_("why (English)"), blank=True)
    how_nl = models.TextField(
        _("how (Dutch)"), help_text=_("{role} and {board} are filled in for the setting.")
    )
    how_en = models.TextField(_("how (English)"), blank=True)
    if_unsure_nl = models.TextField(
        _("if unsure (Dutch)"),
        blank=True,
        help_text=_("Shown first when the step is in the plan only because an answer is unknown."),
    )
    if_unsure_en = models.TextField(_("if unsure (English)"), blank=True)
    notes = models.JSONField(
        _("notes"),
        default=list,
        blank=True,
        help_text=_(
            'Extra texts with their own condition: [{"when": ..., "text": {"nl": ..., "en": ...}}].'
        ),
    )
    contacts = models.ManyToManyField(
        "knowledge.HelpContact",
        verbose_name=_("contacts"),
        blank=True,
        related_name="assistant_steps",
    )
    contact_order = models.JSONField(_("contact order"), default=list, blank=True, editable=False)
    contact_when = models.JSONField(
        _("contact conditions"),
        default=dict,
        blank=True,
        help_text=_('Optional condition per contact key: {"kindertelefoon": {"age": [...]}}.'),
    )
    more_sources = models.JSONField(_("more sources"), default=list, blank=True)

    class Meta:
        ordering = ["phase", "order", "key"]
        verbose_name = _("assistant step")
        verbose_name_plural = _("assistant steps")

    def __str__(self) -> str:
        return f"{self.key}: {self.t('title')}"

    def clean(self) -> None:
        super().clean()
        from wegwijzer.assistant import rules
        from wegwijzer.assistant.content_schema import Condition, ExtraSource, NoteEntry
        from wegwijzer.assistant.selectors import step_data
        from wegwijzer.core.content import Key

        errors: dict[str, list[str]] = {}
        for name, adapter in (
            ("when", TypeAdapter(Condition)),
            ("notes", TypeAdapter(list[NoteEntry])),
            ("contact_when", TypeAdapter(dict[Key, Condition])),
            ("more_sources", TypeAdapter(list[ExtraSource])),
        ):
            problems = _problems(adapter, getattr(self, name))
            if problems:
                errors[name] = problems
        if errors:
            raise ValidationError(errors)
        problems = rules.step_problems(step_data(self, contact_keys=self.contact_order))
        if problems:
            raise ValidationError(problems)


class AssistantNeverDo(ContentEntry):
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    when = models.JSONField(_("when"), null=True, blank=True, help_text=CONDITION_HELP)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("never-do item")
        verbose_name_plural = _("never-do items")

    def __str__(self) -> str:
        return str(self.t("text"))[:80]

    def clean(self) -> None:
        super().clean()
        from wegwijzer.assistant.content_schema import Condition

        problems = _problems(TypeAdapter(Condition), self.when)
        if problems:
            raise ValidationError({"when": problems})


class AssistantGuide(ContentEntry):
    """A list shown with certain steps, such as the five steps of the Meldcode."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    show_with = models.ManyToManyField(
        AssistantStep, verbose_name=_("shown with these steps"), related_name="guides"
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    items_nl = models.JSONField(_("items (Dutch)"), default=list)
    items_en = models.JSONField(_("items (English)"), default=list, blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("assistant guide")
        verbose_name_plural = _("assistant guides")

    def __str__(self) -> str:
        return str(self.t("title"))
