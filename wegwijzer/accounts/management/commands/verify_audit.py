from django.core.management.base import BaseCommand, CommandError

from wegwijzer.accounts import audit
from wegwijzer.accounts.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the audit trail. Exits with an error when an entry "
        "was changed, deleted or inserted."
    )

    def handle(self, *args, **options):
        problems = audit.verify()
        count = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"audit trail BROKEN: {len(problems)} problem(s) in {count} entries")
        head = AuditChainHead.objects.filter(pk=1).first()
        last = head.last_hash if head else audit.GENESIS_HASH
        self.stdout.write(f"audit trail intact: {count} entries, last hash {last}")
