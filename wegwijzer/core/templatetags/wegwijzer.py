from django import template
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wegwijzer.core.i18n import Text, pick

register = template.Library()


def _fallback_note() -> SafeString:
    return format_html(' <span class="ww-fallback">{}</span>', _("(only in Dutch)"))


@register.simple_tag
def t(obj, field: str) -> SafeString:
    """Inline translated text; marks a Dutch fallback with lang="nl" and a visible note."""
    value: Text = pick(obj, field)
    if value.fallback:
        return format_html('<span lang="nl">{}</span>{}', value, _fallback_note())
    return format_html("{}", value)


@register.simple_tag
def t_paragraphs(obj, field: str) -> SafeString:
    """Block text: blank-line separated paragraphs, each in its own <p>."""
    value: Text = pick(obj, field)
    paragraphs = [p.strip() for p in str(value).split("\n\n") if p.strip()]
    body = format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))
    if value.fallback:
        return format_html(
            '<div lang="nl">{}</div><p class="ww-fallback">{}</p>',
            body,
            _("This text is not yet available in English; it is shown in Dutch."),
        )
    return body


@register.simple_tag
def t_list(obj, field: str) -> Text:
    """A translated list (for use with ``as``): ``{% t_list form "synonyms" as syns %}``."""
    return pick(obj, field)


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    request = context.get("request")
    if request is None:
        return "/" if language == "nl" else f"/{language}/"
    return translate_url(request.get_full_path(), language)


@register.filter
def tel(number: str) -> str:
    """A phone number as a tel: URI target ("0800-2000" -> "08002000")."""
    return "".join(ch for ch in number or "" if ch.isdigit() or ch == "+")
