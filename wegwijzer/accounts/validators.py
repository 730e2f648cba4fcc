from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MaximumLengthValidator:
    """Refuse passwords longer than ``max_length`` characters (ASVS 4.0.3 V2.1.2: allow at
    least 64, deny more than 128). Long passphrases up to that length are welcome."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. Use at most %(max)d characters.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Use at most %(max)d characters.") % {"max": self.max_length}
