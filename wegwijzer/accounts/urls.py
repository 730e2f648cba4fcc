from django.urls import path

from wegwijzer.accounts import views, webauthn

app_name = "accounts"

urlpatterns = [
    # Public: logging in and everything needed to get there.
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("passkey/inloggen/begin/", webauthn.authentication_begin, name="passkey_auth_begin"),
    path("passkey/inloggen/klaar/", webauthn.authentication_complete, name="passkey_auth_complete"),
    # Logged in.
    path("", views.home, name="home"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("tweede-stap-nodig/", views.two_factor_required, name="two_factor_required"),
    path("bevestigen/", views.reauthenticate, name="reauthenticate"),
    path("organisatie/", views.dashboard, name="dashboard"),
    path("organisatie/kiezen/", views.switch_organisation, name="switch_organisation"),
    path("organisatie/leden/", views.members, name="members"),
    path("organisatie/leden/uitnodigen/", views.invite, name="invite"),
    path("organisatie/leden/<int:pk>/rol/", views.member_role, name="member_role"),
    path("organisatie/leden/<int:pk>/verwijderen/", views.member_remove, name="member_remove"),
    path(
        "organisatie/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("beveiliging/", views.security, name="security"),
    path("beveiliging/authenticator/", views.totp_setup, name="totp_setup"),
    path("beveiliging/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("beveiliging/<str:kind>/<int:pk>/verwijderen/", views.device_remove, name="device_remove"),
    path("beveiliging/wachtwoord/", views.password_change, name="password_change"),
    path("beveiliging/e-mail/", views.email_change, name="email_change"),
    path("beveiliging/e-mail/<str:token>/", views.email_confirm, name="email_confirm"),
    path("beveiliging/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
    path("passkey/registreren/begin/", webauthn.registration_begin, name="passkey_register_begin"),
    path(
        "passkey/registreren/klaar/",
        webauthn.registration_complete,
        name="passkey_register_complete",
    ),
    path("audit/export/", views.audit_export, name="audit_export"),
]
