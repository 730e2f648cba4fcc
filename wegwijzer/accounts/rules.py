"""Access rules as pure functions: who may do what. Tested with tables, without HTTP."""

from wegwijzer.accounts.models import TWO_FACTOR_ROLES, Role

# What each organisation role may do in its own (active) organisation.
ORG_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset({"view_dashboard"}),
    Role.CASE_MANAGER: frozenset({"view_dashboard"}),
    Role.ORG_ADMIN: frozenset({"view_dashboard", "manage_members"}),
}

# Roles an org_admin may hand out with an invitation or a role change.
ASSIGNABLE_ROLES = (Role.STAFF, Role.CASE_MANAGER, Role.ORG_ADMIN)


def role_allows(role: str | None, permission: str) -> bool:
    """Deny by default: unknown roles and unknown permissions give False."""
    if role is None:
        return False
    return permission in ORG_PERMISSIONS.get(role, frozenset())


def requires_two_factor(
    *, roles: set[str], is_staff: bool, is_superuser: bool, is_editor: bool
) -> bool:
    """Case managers, organisation administrators, editors, admin users (staff) and
    superusers must use a second factor."""
    return bool(is_staff or is_superuser or is_editor or (set(roles) & TWO_FACTOR_ROLES))


def may_leave_organisation_without_admin(
    *, admin_count: int, member_is_admin: bool, new_role: str | None
) -> bool:
    """An organisation always keeps at least one organisation administrator."""
    if not member_is_admin:
        return True
    if new_role == Role.ORG_ADMIN:
        return True
    return admin_count > 1
