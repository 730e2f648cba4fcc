import sys

from django.core.management.base import BaseCommand

from wegwijzer.accounts import audit
from wegwijzer.accounts.models import AuditEventType


class Command(BaseCommand):
    help = "Write the whole audit trail, in chain order, as CSV or JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        fmt = options["format"]
        audit.record(
            AuditEventType.AUDIT_EXPORTED,
            username="manage.py",
            details={"format": fmt, "via": "command"},
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                for line in audit.export_lines(fmt):
                    out.write(line)
            return
        stream = self.stdout if self.stdout else sys.stdout
        for line in audit.export_lines(fmt):
            stream.write(line, ending="")
