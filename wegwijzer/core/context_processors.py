from wegwijzer.core.i18n import active_language
from wegwijzer.core.navigation import main_navigation


def site(request):
    return {
        "current_language": active_language(),
        "main_navigation": main_navigation(request.path),
    }
