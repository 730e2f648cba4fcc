"""A test-only URLconf: the real one plus views whose protection was removed or faked.

tests/test_access_control.py uses it (override_settings(ROOT_URLCONF=...)) to show that
the URL walker and the two-organisation matrix fail when protection is missing.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from wegwijzer.accounts.decorators import organisation_permission
from wegwijzer.accounts.models import Membership
from wegwijzer.urls import urlpatterns as real_urlpatterns


def unmarked(request):
    """Someone forgot every decorator."""
    return HttpResponse("secret")


def fake_protected(request):
    """Declares a permission, but never checks it."""
    return HttpResponse("secret")


fake_protected.wegwijzer_access = "organisation:manage_members"


@organisation_permission("manage_members")
def unscoped_member(request, pk: int):
    """Checks the role, but reads the object without scoping it to the organisation."""
    membership = Membership.objects.select_related("user").get(pk=pk)
    return render(request, "accounts/member_role.html", {"member": membership, "form": None})


broken = [
    path("lek/ongemarkeerd/", unmarked, name="unmarked"),
    path("lek/nep-beschermd/", fake_protected, name="fake_protected"),
    path("lek/leden/<int:pk>/rol/", unscoped_member, name="unscoped_member"),
]

urlpatterns = [path("", include((broken, "broken"))), *real_urlpatterns]

handler400 = "wegwijzer.core.views.bad_request"
handler403 = "wegwijzer.core.views.permission_denied"
handler404 = "wegwijzer.core.views.page_not_found"
handler500 = "wegwijzer.core.views.server_error"
