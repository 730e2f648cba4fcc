from django import template

from wegwijzer.core.i18n import pick

register = template.Library()


@register.filter
def plain(obj, field: str) -> str:
    """A translated text as plain text (for <title>): ``{{ q|plain:"question" }}``."""
    return str(pick(obj, field))
