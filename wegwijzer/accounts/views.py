"""Account pages. Views parse input, call a selector or service and render.

Every view is either explicitly public (``public_view``: login steps, password reset,
invitation) or declares its permission with an ``accounts.decorators`` decorator.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer.accounts import audit, forms, selectors, services
from wegwijzer.accounts.decorators import (
    allowed_before_two_factor,
    login_required,
    organisation_permission,
    reauthentication_required,
    superuser_required,
)
from wegwijzer.accounts.models import AuditEventType
from wegwijzer.core.decorators import public_view

REAUTH_PASSWORD_AT = services.SESSION_REAUTH_STEP


def _safe_next(request, value: str | None, default: str = "") -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default or reverse("accounts:home")


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes calls this when a user name or address is locked: a 429 page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = services.axes_username(request, credentials)
    audit.record(
        AuditEventType.LOCKED_OUT,
        request=request,
        username=username,
        details={"cooloff_minutes": minutes},
    )
    page = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    page["Retry-After"] = str(minutes * 60)
    return page


# ---------------------------------------------------------------- login and logout
@public_view
def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = forms.LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        target = _safe_next(request, next_url)
        if selectors.has_second_factor(user=user):
            services.start_pending_login(request=request, user=user, next_url=target)
            return redirect("accounts:login_code")
        services.complete_login(request=request, user=user)
        return redirect(target)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _second_factor(request, *, user, template: str, extra: dict, on_success):
    """The code step shared by login, re-authentication and session verification."""
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user=user, code=form.cleaned_data["code"])
        if device is not None:
            services.record_second_factor_use(request=request, user=user, device=device)
            return on_success(device)
        services.second_factor_failed(request=request, user=user)
        form.add_error(
            "code",
            _(
                "This code is not right or has expired. Wait for a new "
                "code in your app and try again."
            ),
        )
    return render(
        request,
        template,
        {
            "form": form,
            "has_code_device": selectors.has_login_factor(user=user)
            or selectors.recovery_codes_left(user=user) > 0,
            "has_passkey": selectors.has_passkey(user=user),
            **extra,
        },
    )


@public_view
def login_code(request):
    user = services.pending_user(request=request)
    if user is None:
        messages.info(request, _("Log in with your password first."))
        return redirect("accounts:login")

    def success(device):
        target = services.pending_next(request=request) or reverse("accounts:home")
        services.complete_login(
            request=request, user=user, device=device, method=device.__class__.__name__
        )
        return redirect(target)

    return _second_factor(
        request,
        user=user,
        template="accounts/login_code.html",
        extra={"purpose": "login"},
        on_success=success,
    )


@require_POST
@allowed_before_two_factor
@login_required
def logout_view(request):
    user = request.user
    audit.record(AuditEventType.LOGOUT, request=request, user=user)
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


@allowed_before_two_factor
@login_required
def two_factor_required(request):
    """Shown to users who must use a second factor but have not set one up (or not used
    it in this session)."""
    user = request.user
    next_url = _safe_next(request, request.GET.get("next"))
    if user.is_verified():
        return redirect(next_url)
    if selectors.has_second_factor(user=user):

        def success(device):
            services.mark_reauthenticated(request=request, device=device)
            return redirect(next_url)

        return _second_factor(
            request,
            user=user,
            template="accounts/login_code.html",
            extra={"purpose": "verify"},
            on_success=success,
        )
    return render(
        request,
        "accounts/two_factor_required.html",
        {
            "required": selectors.requires_two_factor(user=user),
        },
    )


@allowed_before_two_factor
@login_required
def reauthenticate(request):
    """Confirm it is you: password, then the second factor (if you have one)."""
    user = request.user
    next_url = _safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:security")
    )
    password_at = request.session.get(REAUTH_PASSWORD_AT, 0)
    password_ok = services.now_ts() - password_at <= settings.WEGWIJZER_PENDING_LOGIN_SECONDS
    if password_ok and request.method == "POST" and "code" in request.POST:

        def success(device):
            request.session.pop(REAUTH_PASSWORD_AT, None)
            services.mark_reauthenticated(request=request, device=device)
            return redirect(next_url)

        return _second_factor(
            request,
            user=user,
            template="accounts/login_code.html",
            extra={"purpose": "reauth", "next": next_url},
            on_success=success,
        )
    form = forms.ReauthenticateForm(request.POST or None, user=user, needs_code=False)
    if request.method == "POST" and form.is_valid():
        if not selectors.has_second_factor(user=user):
            services.mark_reauthenticated(request=request)
            return redirect(next_url)
        request.session[REAUTH_PASSWORD_AT] = services.now_ts()
        return render(
            request,
            "accounts/login_code.html",
            {
                "form": forms.CodeForm(),
                "purpose": "reauth",
                "next": next_url,
                "has_code_device": True,
                "has_passkey": selectors.has_passkey(user=user),
            },
        )
    if request.method == "POST":
        services.reauth_password_failed(request=request, user=user)
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": next_url})


# ---------------------------------------------------------------- account and organisation
@login_required
def home(request):
    user = request.user
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": selectors.memberships_for(user=user),
            "active": selectors.active_membership(request=request),
            "is_editor": selectors.is_editor(user=user),
        },
    )


@organisation_permission("view_dashboard")
def dashboard(request):
    membership = request.membership
    organisation = membership.organisation
    return render(
        request,
        "accounts/dashboard.html",
        {
            "membership": membership,
            "organisation": organisation,
            "schools": organisation.children.filter(is_active=True),
            "member_count": selectors.members(organisation=organisation).count(),
            "can_manage": membership.role == "org_admin",
        },
    )


@login_required
def switch_organisation(request):
    memberships = selectors.memberships_for(user=request.user)
    active = selectors.active_membership(request=request)
    form = forms.SwitchOrganisationForm(
        request.POST or None,
        memberships=memberships,
        initial={"organisation": active.organisation_id if active else None},
    )
    if request.method == "POST":
        raw = request.POST.get("organisation", "")
        if raw.isdigit() and not memberships.filter(organisation_id=int(raw)).exists():
            raise Http404  # not one of your organisations
        if form.is_valid():
            membership = services.switch_organisation(
                request=request, organisation_id=form.cleaned_data["organisation"]
            )
            messages.success(
                request, _("You now work in %(name)s.") % {"name": membership.organisation.name}
            )
            return redirect("accounts:dashboard")
    return render(request, "accounts/switch.html", {"form": form, "memberships": memberships})


@organisation_permission("manage_members")
def members(request):
    organisation = request.membership.organisation
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "members": selectors.members(organisation=organisation),
            "invitations": selectors.open_invitations(organisation=organisation),
        },
    )


@organisation_permission("manage_members")
def invite(request):
    organisation = request.membership.organisation
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                request=request,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.ServiceError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:members")
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "organisation": organisation, "days": settings.WEGWIJZER_INVITATION_DAYS},
    )


@organisation_permission("manage_members")
def member_role(request, pk: int):
    organisation = request.membership.organisation
    membership = selectors.member(organisation=organisation, pk=pk)
    form = forms.RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                request=request, membership=membership, role=form.cleaned_data["role"]
            )
        except services.ServiceError as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, _("The role has been changed."))
            return redirect("accounts:members")
    return render(request, "accounts/member_role.html", {"form": form, "member": membership})


@organisation_permission("manage_members")
def member_remove(request, pk: int):
    organisation = request.membership.organisation
    membership = selectors.member(organisation=organisation, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.remove_member(request=request, membership=membership)
        except services.ServiceError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member.")
                % {"name": membership.user.get_full_name() or membership.user.get_username()},
            )
            return redirect("accounts:members")
    return render(request, "accounts/member_remove.html", {"member": membership, "error": error})


@require_POST
@organisation_permission("manage_members")
def invitation_revoke(request, pk: int):
    found = selectors.invitation(organisation=request.membership.organisation, pk=pk)
    services.revoke_invitation(request=request, invitation=found)
    messages.success(
        request, _("The invitation for %(email)s has been withdrawn.") % {"email": found.email}
    )
    return redirect("accounts:members")


@public_view
def invitation(request, token: str):
    """Accept an invitation: create an account, or log in first and then accept."""
    found = selectors.invitation_by_token(token=token)
    if found is None or not found.is_open:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = selectors.user_by_email(email=found.email)
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                membership = services.accept_invitation_as_user(request=request, invitation=found)
            except services.ServiceError as exc:
                return render(
                    request,
                    "accounts/invitation.html",
                    {"invitation": found, "error": str(exc)},
                    status=400,
                )
            request.session[selectors.ACTIVE_ORG_SESSION_KEY] = membership.organisation_id
            messages.success(request, _("Welcome to %(name)s.") % {"name": found.organisation.name})
            return redirect("accounts:home")
        return render(request, "accounts/invitation.html", {"invitation": found})
    if existing is not None:
        return render(
            request, "accounts/invitation.html", {"invitation": found, "login_first": True}
        )
    form = forms.NewAccountForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation_as_new_user(
                request=request,
                invitation=found,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your account has been made. Log in to continue."))
            return redirect("accounts:login")
    return render(request, "accounts/invitation.html", {"invitation": found, "form": form})


# ---------------------------------------------------------------- security settings
@login_required
def security(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "devices": selectors.devices(user=user),
            "recovery_left": selectors.recovery_codes_left(user=user),
            "required": selectors.requires_two_factor(user=user),
            "reauth_minutes": settings.WEGWIJZER_REAUTH_SECONDS // 60,
        },
    )


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code, made on the server (no images from
    elsewhere, no script)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=_("QR code")
    )


@allowed_before_two_factor
@login_required
@reauthentication_required
def totp_setup(request):
    user = request.user
    device = selectors.pending_totp_device(user=user, pk=request.session.get("ww_totp_setup"))
    if device is None:
        device = services.start_totp_setup(user=user)
        request.session["ww_totp_setup"] = device.pk
    form = forms.TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(
            request=request,
            device=device,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        ):
            request.session.pop("ww_totp_setup", None)
            messages.success(request, _("Your authenticator app is set up."))
            if selectors.recovery_codes_left(user=user) == 0:
                return redirect("accounts:recovery_codes")
            return redirect("accounts:security")
        form.add_error(
            "code",
            _("This code is not right. Check the time on your phone and enter the newest code."),
        )
    uri = device.config_url
    secret = uri.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "form": form,
            "uri": uri,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "qr_svg": _qr_svg(uri),
        },
    )


@login_required
@reauthentication_required
def recovery_codes(request):
    codes = None
    if request.method == "POST":
        codes = services.generate_recovery_codes(request=request)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "left": selectors.recovery_codes_left(user=request.user),
        },
    )


@login_required
@reauthentication_required
def device_remove(request, kind: str, pk: int):
    device = selectors.device(user=request.user, kind=kind, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.remove_device(request=request, device=device)
        except services.ServiceError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The sign-in method has been removed."))
            return redirect("accounts:security")
    return render(
        request, "accounts/device_remove.html", {"device": device, "kind": kind, "error": error}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")
    form_class = PasswordChangeForm

    def form_valid(self, form):
        form.save()
        services.password_changed(request=self.request, user=form.user)
        messages.success(
            self.request,
            _("Your password has been changed. You are logged out on all other devices."),
        )
        return redirect(self.get_success_url())


password_change = login_required(reauthentication_required(PasswordChangeView.as_view()))


@login_required
@reauthentication_required
def email_change(request):
    form = forms.EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_email_change(request=request, new_email=form.cleaned_data["email"])
        messages.success(
            request,
            _("We have sent a link to %(email)s. Open it to confirm your new e-mail address.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:security")
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
def email_confirm(request, token: str):
    if request.method == "POST":
        try:
            new = services.confirm_email_change(request=request, token=token)
        except services.ServiceError as exc:
            return render(request, "accounts/email_confirm.html", {"error": str(exc)}, status=400)
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": new})
        return redirect("accounts:security")
    return render(request, "accounts/email_confirm.html", {})


@login_required
def logout_everywhere(request):
    if request.method == "POST":
        services.logout_everywhere(request=request)
        messages.info(request, _("You are logged out on all devices."))
        return redirect("accounts:login")
    return render(request, "accounts/logout_everywhere.html")


# ---------------------------------------------------------------- password reset
@method_decorator(public_view, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"][:254]
        ip = audit.client_ip(self.request)
        # At most 5 links per address and 20 per source per hour; above that the page looks
        # the same (so it tells nothing), but no e-mail is sent.
        if services.over_limit(
            key=f"reset-email:{email.lower()}", limit=5, seconds=3600
        ) or services.over_limit(key=f"reset-ip:{ip}", limit=20, seconds=3600):
            audit.record(
                AuditEventType.PASSWORD_RESET_REQUESTED,
                request=self.request,
                username=email,
                details={"sent": False, "reason": "rate limit"},
            )
            return redirect(self.get_success_url())
        audit.record(AuditEventType.PASSWORD_RESET_REQUESTED, request=self.request, username=email)
        return super().form_valid(form)


@method_decorator(public_view, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # never: the second factor is still needed to log in

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(request=self.request, user=form.user, reset=True)
        return response


password_reset = public_view(PasswordResetView.as_view())
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public_view(PasswordResetConfirmView.as_view())
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


# ---------------------------------------------------------------- audit export
@superuser_required
def audit_export(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "jsonl"):
        return HttpResponseBadRequest(_("Choose the format csv or jsonl."))
    audit.record(AuditEventType.AUDIT_EXPORTED, request=request, details={"format": fmt})
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(
        audit.export_lines(fmt),
        content_type="text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return response
