"""A set of choices stored as one integer bitmask.

Audiences and settings of a tool are small, fixed sets (4 and 6 values). Stored as a bitmask
they need no join: a facet filter is ``audiences & 5 <> 0`` and all facet counts come out of
one scan of the tool table, on SQLite and PostgreSQL alike (see docs/catalog.md for figures).

In Python the value is a list of choice keys in the order of the choices, so the content
pipeline can compare it with the list in the YAML file.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core import checks, exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceSetField(models.PositiveIntegerField):
    description = _("A set of choices, stored as a bitmask")

    def __init__(self, *args, choice_set: type[models.TextChoices] | None = None, **kwargs):
        self.choice_set = choice_set
        kwargs.setdefault("default", 0)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    # ----------------------------------------------------------------- helpers
    @property
    def keys(self) -> list[str]:
        return [value for value, _label in self.choice_set.choices]

    def bit(self, key: str) -> int:
        return 1 << self.keys.index(key)

    def mask(self, keys: Iterable[str]) -> int:
        allowed = self.keys
        mask = 0
        for key in keys:
            if key not in allowed:
                raise exceptions.ValidationError(
                    _("Unknown value %(value)r; allowed: %(allowed)s"),
                    params={"value": key, "allowed": ", ".join(allowed)},
                    code="invalid_choice",
                )
            mask |= 1 << allowed.index(key)
        return mask

    def keys_of(self, mask: int | None) -> list[str]:
        mask = mask or 0
        return [key for index, key in enumerate(self.keys) if mask & (1 << index)]

    # ----------------------------------------------------------------- Django field API
    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.choice_set is None or len(self.keys) > 30:
            errors.append(
                checks.Error(
                    "choice_set with at most 30 choices is required", obj=self, id="catalog.E001"
                )
            )
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_set"] = self.choice_set
        if kwargs.get("default") == 0:
            kwargs.pop("default")
        if kwargs.get("blank") is True:
            kwargs.pop("blank")
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.keys_of(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, int):
            return self.keys_of(value)
        if isinstance(value, str):
            value = [v for v in value.split(",") if v]
        mask = self.mask(value)
        return self.keys_of(mask)

    def get_prep_value(self, value):
        if value is None:
            return 0
        if isinstance(value, int):
            return value
        return self.mask(value)

    def get_default(self):
        return []

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        self.mask(value or [])
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # Integer min/max validators do not apply to the list form of the value.
        return

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choice_set.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in (
            "min_value",
            "max_value",
            "step_size",
            "coerce",
            "empty_value",
            "choices_form_class",
        ):
            defaults.pop(key, None)
        return form_class(**defaults)


class HasAnyLookup(models.Lookup):
    """``field__has_any=["a", "b"]``: at least one of the keys is in the set."""

    lookup_name = "has_any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.lhs.output_field.mask(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


class HasAllLookup(HasAnyLookup):
    """``field__has_all=["a", "b"]``: every key is in the set."""

    lookup_name = "has_all"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) = {rhs}", [*lhs_params, *rhs_params, *rhs_params]


ChoiceSetField.register_lookup(HasAnyLookup)
ChoiceSetField.register_lookup(HasAllLookup)
