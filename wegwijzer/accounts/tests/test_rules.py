import pytest

from wegwijzer.accounts import rules
from wegwijzer.accounts.models import Role


@pytest.mark.parametrize(
    "role, permission, allowed",
    [
        (Role.STAFF, "view_dashboard", True),
        (Role.STAFF, "manage_members", False),
        (Role.CASE_MANAGER, "view_dashboard", True),
        (Role.CASE_MANAGER, "manage_members", False),
        (Role.ORG_ADMIN, "view_dashboard", True),
        (Role.ORG_ADMIN, "manage_members", True),
        (None, "view_dashboard", False),
        ("superuser", "manage_members", False),  # unknown role: denied
        (Role.ORG_ADMIN, "delete_everything", False),  # unknown permission: denied
    ],
)
def test_role_allows(role, permission, allowed):
    assert rules.role_allows(role, permission) is allowed


@pytest.mark.parametrize(
    "roles, staff, superuser, editor, required",
    [
        (set(), False, False, False, False),
        ({Role.STAFF}, False, False, False, False),
        ({Role.CASE_MANAGER}, False, False, False, True),
        ({Role.ORG_ADMIN}, False, False, False, True),
        ({Role.STAFF, Role.ORG_ADMIN}, False, False, False, True),
        (set(), True, False, False, True),
        (set(), False, True, False, True),
        (set(), False, False, True, True),
    ],
)
def test_requires_two_factor(roles, staff, superuser, editor, required):
    assert (
        rules.requires_two_factor(
            roles=roles, is_staff=staff, is_superuser=superuser, is_editor=editor
        )
        is required
    )


@pytest.mark.parametrize(
    "admins, is_admin, new_role, ok",
    [
        (1, True, Role.STAFF, False),
        (1, True, None, False),
        (1, True, Role.ORG_ADMIN, True),
        (2, True, Role.STAFF, True),
        (1, False, None, True),
    ],
)
def test_an_organisation_keeps_an_administrator(admins, is_admin, new_role, ok):
    assert (
        rules.may_leave_organisation_without_admin(
            admin_count=admins, member_is_admin=is_admin, new_role=new_role
        )
        is ok
    )


@pytest.mark.django_db
def test_editors_group_may_edit_content_and_nothing_else():
    from django.contrib.auth.models import Group

    from wegwijzer.accounts.roles import content_models, sync_editors_group

    group = sync_editors_group()
    assert group == Group.objects.get(name="editors")
    labels = {p.content_type.app_label for p in group.permissions.all()}
    models = {p.content_type.model_class() for p in group.permissions.all()}
    assert models == set(content_models()) and models
    assert "accounts" not in labels and "auth" not in labels
    codenames = {p.codename.split("_", 1)[0] for p in group.permissions.all()}
    assert codenames == {"add", "change", "delete", "view"}


@pytest.mark.django_db
def test_editor_sees_content_but_not_accounts_or_audit_in_the_admin(client):
    from wegwijzer.accounts.testing import login_verified, make_editor

    editor = make_editor()
    from wegwijzer.accounts.roles import sync_editors_group

    sync_editors_group()
    login_verified(client, editor)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/knowledge/fact/").status_code == 200
    for path in (
        "/beheer/accounts/auditevent/",
        "/beheer/accounts/organisation/",
        "/beheer/auth/user/",
        "/beheer/accounts/membership/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.get("/accounts/audit/export/").status_code == 403
