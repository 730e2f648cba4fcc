"""``manage.py backup [--output FILE] [--method auto|native|json]``: see wegwijzer.core.backups."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from wegwijzer.core import backups


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database: SQLite's online backup API, "
        "pg_dump (custom format) for PostgreSQL, or Django JSON (--method json, and the "
        "fallback when the PostgreSQL client tools are missing). The file gets mode 0600."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write the backup (default: WEGWIJZER_BACKUP_DIR, else ./backups, "
            "named wegwijzer-<UTC time>.<format>).",
        )
        parser.add_argument(
            "--method",
            choices=["auto", "native", "json"],
            default="auto",
            help="auto (default): native when possible, else JSON; native: SQLite backup or "
            "pg_dump, fail otherwise; json: Django dumpdata.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            result = backups.backup(
                output=options["output"], method=options["method"], alias=options["database"]
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {result.path} ({result.format}, {result.size:,} bytes)"
            )
        )
