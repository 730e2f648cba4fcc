"""Accounts: Argon2id hashing time, full password login and a logged-in page (in-process,
whole middleware stack), audit-trail writes per second and verify_audit speed, on SQLite
and PostgreSQL."""

import logging
import time

from bench.common import setup_django, summary, timed

AUDIT_ENTRIES = 2000


def measure(engine: str) -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)  # one INFO line per login
    if setup_django(engine, load_content=False) is None:
        print(f"[{engine}] skipped: no server reachable")
        return
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.core.cache import cache
    from django.test import Client, override_settings

    from wegwijzer.accounts import audit
    from wegwijzer.accounts.models import AuditEventType, Role
    from wegwijzer.accounts.testing import PASSWORD, login, make_member, make_organisation

    hasher = Argon2PasswordHasher()
    print(
        f"[{engine}] Argon2id hash (time_cost={hasher.time_cost}, "
        f"memory={hasher.memory_cost} KiB): "
        f"{summary(timed(lambda: hasher.encode('x' * 20, hasher.salt()), repeat=10))}"
    )

    org = make_organisation("Bench School")
    user = make_member(org, Role.STAFF)
    argon2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=argon2):
        user.set_password(PASSWORD)
        user.save()

        def password_login():
            cache.clear()
            client = Client()
            response = client.post(
                "/accounts/login/", {"username": user.username, "password": PASSWORD}
            )
            assert response.status_code == 302

        print(
            f"[{engine}] login with Argon2id (POST /accounts/login/): "
            f"{summary(timed(password_login, repeat=10))}"
        )

    client = login(Client(), user)
    print(
        f"[{engine}] logged-in page /accounts/organisatie/: "
        f"{summary(timed(lambda: client.get('/accounts/organisatie/'), repeat=30))}"
    )

    start = time.perf_counter()
    for i in range(AUDIT_ENTRIES):
        audit.record(AuditEventType.LOGIN_FAILURE, username=f"user{i}", details={"i": i})
    write = time.perf_counter() - start
    start = time.perf_counter()
    problems = audit.verify()
    check = time.perf_counter() - start
    assert problems == []
    print(
        f"[{engine}] audit: {AUDIT_ENTRIES / write:,.0f} entries/s written (one transaction "
        f"each), verify {AUDIT_ENTRIES / check:,.0f} entries/s "
        f"({check * 1000:.0f} ms for {AUDIT_ENTRIES})"
    )
    concurrent_writers(engine)


def concurrent_writers(engine: str, threads: int = 4, each: int = 50) -> None:
    """Several threads (own connections, real commits) append at the same time: the chain
    must stay one unbroken sequence."""
    import threading

    from django.db import connection

    from wegwijzer.accounts import audit
    from wegwijzer.accounts.models import AuditEvent, AuditEventType

    errors: list[str] = []
    before = AuditEvent.objects.count()

    def writer(n: int) -> None:
        try:
            for i in range(each):
                audit.record(AuditEventType.LOGIN_FAILURE, username=f"t{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - report any failure below
            errors.append(repr(exc))
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    took = time.perf_counter() - start
    written = AuditEvent.objects.count() - before
    problems = audit.verify()
    print(
        f"[{engine}] audit with {threads} concurrent writers: {written} entries in "
        f"{took:.1f} s, errors {len(errors)}, chain problems {len(problems)}"
    )
    assert not errors and not problems and written == threads * each, (errors, problems)


def run() -> None:
    measure("sqlite")
    measure("postgres")
