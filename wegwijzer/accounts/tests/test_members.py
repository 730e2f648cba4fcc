import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.utils import timezone

from wegwijzer.accounts import selectors
from wegwijzer.accounts.models import (
    AuditEvent,
    AuditEventType,
    Invitation,
    Membership,
    OrganisationKind,
    Role,
)
from wegwijzer.accounts.testing import (
    PASSWORD,
    login,
    login_verified,
    make_member,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db

INVITE = "/accounts/organisatie/leden/uitnodigen/"
NEW_PASSWORD = "mijn eigen lange wachtwoord 9"


@pytest.fixture
def school():
    return make_organisation("Brede School De Linde")


@pytest.fixture
def admin_client(client, school):
    admin = make_member(school, Role.ORG_ADMIN)
    login_verified(client, admin, active_organisation=school)
    client.admin = admin
    return client


def _invite(client, email="nieuw@example.nl", role=Role.STAFF) -> str:
    response = client.post(INVITE, {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:3000]
    message = mail.outbox[-1]
    assert message.to == [email]
    return re.search(r"https?://[^/]+(/accounts/uitnodiging/\S+/)", message.body).group(1)


def test_invitation_token_is_stored_only_as_a_hash(admin_client, school):
    link = _invite(admin_client)
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(email="nieuw@example.nl")
    assert len(token) >= 40
    assert invitation.token_hash == selectors.token_hash(token) != token
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    event = AuditEvent.objects.filter(event_type=AuditEventType.INVITATION_SENT).last()
    assert event.organisation_name == school.name and event.details["email"] == "nieuw@example.nl"


def test_accepting_an_invitation_creates_an_account_and_membership_once(
    admin_client, school, client_factory=None
):
    from django.test import Client

    link = _invite(admin_client, role=Role.CASE_MANAGER)
    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    weak = newcomer.post(
        link,
        {
            "first_name": "Sam",
            "last_name": "Jansen",
            "password1": "welkom123",
            "password2": "welkom123",
        },
    )
    assert weak.status_code == 200 and "ww-error-summary" in weak.content.decode()
    response = newcomer.post(
        link,
        {
            "first_name": "Sam",
            "last_name": "Jansen",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user = get_user_model().objects.get(email="nieuw@example.nl")
    assert Membership.objects.get(user=user).role == Role.CASE_MANAGER
    assert SESSION_KEY not in newcomer.session  # log in properly (and set up 2FA) next
    # Single use: the same link no longer works, for anybody.
    again = Client().get(link)
    assert again.status_code == 404
    assert Invitation.objects.get(email="nieuw@example.nl").accepted_by == user
    assert AuditEvent.objects.filter(event_type=AuditEventType.INVITATION_ACCEPTED).exists()


def test_expired_invitation_does_not_work(admin_client):
    from django.test import Client

    link = _invite(admin_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    visitor = Client()
    assert visitor.get(link).status_code == 404
    response = visitor.post(
        link,
        {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    assert not get_user_model().objects.filter(email="nieuw@example.nl").exists()


def test_unknown_or_garbage_tokens_give_404(client):
    assert client.get("/accounts/uitnodiging/bestaat-niet/").status_code == 404
    assert client.get("/accounts/uitnodiging/" + "x" * 300 + "/").status_code == 404


def test_existing_user_logs_in_first_and_then_accepts(admin_client, school):
    from django.test import Client

    existing = make_user(email="bekend@example.nl", username="bekend@example.nl")
    link = _invite(admin_client, email="bekend@example.nl")
    other = Client()
    page = other.get(link)
    assert "/accounts/login/?next=" in page.content.decode()
    login(other, existing)
    response = other.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=existing, organisation=school).role == Role.STAFF


def test_invitation_for_someone_else_cannot_be_accepted(admin_client, school):
    from django.test import Client

    link = _invite(admin_client, email="bedoeld@example.nl")
    intruder = make_user()
    other = Client()
    login(other, intruder)
    response = other.post(link)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=intruder, organisation=school).exists()


def test_revoked_invitation_does_not_work(admin_client):
    from django.test import Client

    link = _invite(admin_client)
    invitation = Invitation.objects.get(email="nieuw@example.nl")
    response = admin_client.post(f"/accounts/organisatie/uitnodigingen/{invitation.pk}/intrekken/")
    assert response.status_code == 302
    assert Client().get(link).status_code == 404


def test_cannot_invite_an_existing_member_twice(admin_client, school):
    member = make_member(school, Role.STAFF)
    response = admin_client.post(INVITE, {"email": member.email, "role": Role.STAFF})
    assert response.status_code == 200 and "ww-error-summary" in response.content.decode()
    _invite(admin_client)
    response = admin_client.post(INVITE, {"email": "nieuw@example.nl", "role": Role.STAFF})
    assert response.status_code == 200


def test_bad_role_is_refused_with_a_message(admin_client):
    response = admin_client.post(INVITE, {"email": "x@example.nl", "role": "superuser"})
    assert response.status_code == 200 and "ww-error-summary" in response.content.decode()
    assert not Invitation.objects.exists()


def test_org_admin_changes_a_role_and_it_is_audited(admin_client, school):
    member = make_member(school, Role.STAFF)
    membership = Membership.objects.get(user=member)
    response = admin_client.post(
        f"/accounts/organisatie/leden/{membership.pk}/rol/", {"role": Role.CASE_MANAGER}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.CASE_MANAGER
    event = AuditEvent.objects.filter(event_type=AuditEventType.ROLE_CHANGED).last()
    assert event.details["old"] == Role.STAFF and event.details["new"] == Role.CASE_MANAGER
    assert event.username == admin_client.admin.username


def test_the_last_org_admin_cannot_be_demoted_or_removed(admin_client, school):
    own = Membership.objects.get(user=admin_client.admin)
    response = admin_client.post(f"/accounts/organisatie/leden/{own.pk}/rol/", {"role": Role.STAFF})
    assert response.status_code == 200 and "ww-error-summary" in response.content.decode()
    response = admin_client.post(f"/accounts/organisatie/leden/{own.pk}/verwijderen/")
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.role == Role.ORG_ADMIN


def test_org_admin_removes_a_member(admin_client, school):
    member = make_member(school, Role.STAFF)
    membership = Membership.objects.get(user=member)
    assert (
        admin_client.get(f"/accounts/organisatie/leden/{membership.pk}/verwijderen/").status_code
        == 200
    )
    response = admin_client.post(f"/accounts/organisatie/leden/{membership.pk}/verwijderen/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=member.pk).exists()  # the account stays
    assert AuditEvent.objects.filter(event_type=AuditEventType.MEMBER_REMOVED).exists()


def test_a_user_with_two_organisations_switches_the_active_one(client):
    first = make_organisation("Aaa College")
    second = make_organisation("Zzz Sportclub", kind=OrganisationKind.SPORTS_CLUB)
    user = make_member(first, Role.STAFF)
    Membership.objects.create(user=user, organisation=second, role=Role.ORG_ADMIN)
    login_verified(client, user)
    assert first.name in client.get("/accounts/organisatie/").content.decode()
    assert client.get("/accounts/organisatie/leden/").status_code == 403  # staff in first
    response = client.post("/accounts/organisatie/kiezen/", {"organisation": second.pk})
    assert response.status_code == 302
    assert second.name in client.get("/accounts/organisatie/").content.decode()
    assert client.get("/accounts/organisatie/leden/").status_code == 200  # admin in second
    stranger = make_organisation("Andere School")
    response = client.post("/accounts/organisatie/kiezen/", {"organisation": stranger.pk})
    assert response.status_code == 404
    assert second.name in client.get("/accounts/organisatie/").content.decode()


def test_school_board_dashboard_lists_its_schools(client):
    board = make_organisation("Stichting Scholen Oost", kind=OrganisationKind.SCHOOL_BOARD)
    make_organisation("OBS De Es", parent=board)
    user = make_member(board, Role.STAFF)
    login_verified(client, user)
    html = client.get("/accounts/organisatie/").content.decode()
    assert "OBS De Es" in html


def test_only_a_school_can_belong_to_a_board():
    from django.core.exceptions import ValidationError

    board = make_organisation(kind=OrganisationKind.SCHOOL_BOARD)
    club = make_organisation(kind=OrganisationKind.SPORTS_CLUB)
    club.parent = board
    with pytest.raises(ValidationError):
        club.full_clean()
    school = make_organisation()
    school.parent = club
    with pytest.raises(ValidationError):
        school.full_clean()


def test_invite_command_sends_an_invitation(school):
    from django.core.management import call_command

    call_command("invite", organisation=school.slug, email="eerste@example.nl", role="org_admin")
    assert Invitation.objects.get(email="eerste@example.nl").role == Role.ORG_ADMIN
    assert "/accounts/uitnodiging/" in mail.outbox[-1].body


def test_new_member_with_a_required_role_logs_in_and_must_set_up_2fa(admin_client):
    from django.test import Client

    link = _invite(admin_client, role=Role.ORG_ADMIN)
    newcomer = Client()
    newcomer.post(
        link,
        {
            "first_name": "Kim",
            "last_name": "Bos",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    newcomer.post("/accounts/login/", {"username": "nieuw@example.nl", "password": NEW_PASSWORD})
    response = newcomer.get("/accounts/organisatie/leden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/tweede-stap-nodig/")
    assert PASSWORD != NEW_PASSWORD
