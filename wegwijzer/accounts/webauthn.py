"""Passkeys (WebAuthn) through django-otp-webauthn, as a second factor only.

The library's JSON views are used with small changes: the user of a half-finished login
comes from our session state (nobody is logged in yet at that point), success goes
through our services (session stamps, audit), and registering needs a recent
re-authentication. The browser side is our own small script,
``accounts/static/accounts/passkeys.js`` (no inline script; CSP allows only 'self').
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as library
from django_otp_webauthn.helpers import WebAuthnHelper as _BaseHelper

from wegwijzer.accounts import services
from wegwijzer.accounts.decorators import allowed_before_two_factor, login_required
from wegwijzer.core.decorators import public_view

REAUTH_PASSWORD_AT = services.SESSION_REAUTH_STEP


class WebAuthnHelper(_BaseHelper):
    def get_allowed_origins(self) -> list[str]:
        origins = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
        if getattr(settings, "WEGWIJZER_WEBAUTHN_ANY_LOCALHOST_PORT", False):
            host = self.request.get_host()
            if host.split(":", 1)[0] == "localhost":
                origins.append(f"{self.request.scheme}://{host}")
        return origins


class PasskeyRegistrationBegin(library.BeginCredentialRegistrationView):
    def check_can_register(self):
        if not services.recently_authenticated(request=self.request):
            raise exceptions.NotAuthenticated(detail="reauthenticate")


class PasskeyRegistrationComplete(library.CompleteCredentialRegistrationView):
    def check_can_register(self):
        if not services.recently_authenticated(request=self.request):
            raise exceptions.NotAuthenticated(detail="reauthenticate")

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            services.device_added(request=self.request, kind="passkey", name="passkey")
        return response


class _PasskeyAuthenticationMixin:
    """Whose passkey: the half-logged-in user, or the logged-in user re-confirming."""

    def get_user(self):
        pending = services.pending_user(request=self.request)
        if pending is not None:
            return pending
        if self.request.user.is_authenticated:
            return self.request.user
        return None

    def check_can_authenticate(self):
        if self.get_user() is None:
            raise exceptions.NotAuthenticated()


class PasskeyAuthenticationBegin(
    _PasskeyAuthenticationMixin, library.BeginCredentialAuthenticationView
):
    pass


class PasskeyAuthenticationComplete(
    _PasskeyAuthenticationMixin, library.CompleteCredentialAuthenticationView
):
    def post(self, *args, **kwargs):
        user = self.get_user()
        try:
            return super().post(*args, **kwargs)
        except exceptions.OTPWebAuthnApiError:
            if user is not None:
                services.second_factor_failed(request=self.request, user=user)
            raise

    def complete_auth(self, device):
        request = self.request
        pending = services.pending_user(request=request)
        if pending is not None:
            self._next = services.pending_next(request=request)
            services.complete_login(request=request, user=pending, device=device, method="passkey")
            return
        # Logged in already: finish a re-authentication or verify this session.
        password_at = request.session.get(REAUTH_PASSWORD_AT, 0)
        fresh = services.now_ts() - password_at <= settings.WEGWIJZER_PENDING_LOGIN_SECONDS
        if fresh or not request.user.is_verified():
            request.session.pop(REAUTH_PASSWORD_AT, None)
            services.mark_reauthenticated(request=request, device=device)
            return
        raise exceptions.InvalidState()

    def get_success_url(self):
        return getattr(self, "_next", "") or self.get_redirect_url() or reverse("accounts:home")


def _json_login_required(view):
    """Like ``login_required``, but answers JSON 403 instead of a redirect."""
    checked = login_required(view)

    def inner(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "not_authenticated"}, status=403)
        return checked(request, *args, **kwargs)

    inner.__dict__.update(checked.__dict__)
    return inner


registration_begin = allowed_before_two_factor(
    _json_login_required(PasskeyRegistrationBegin.as_view())
)
registration_complete = allowed_before_two_factor(
    _json_login_required(PasskeyRegistrationComplete.as_view())
)
authentication_begin = public_view(PasskeyAuthenticationBegin.as_view())
authentication_complete = public_view(PasskeyAuthenticationComplete.as_view())
