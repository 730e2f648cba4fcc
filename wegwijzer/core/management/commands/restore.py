"""``manage.py restore FILE [--no-input] [--force]``: see wegwijzer.core.backups."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from wegwijzer.core import backups


class Command(BaseCommand):
    help = (
        "Replace ALL data in the database with a backup made by `manage.py backup` "
        "(the format is recognised from the file). Asks for confirmation unless --no-input; "
        "refuses a database that holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file (SQLite, pg_dump or JSON).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also restore when the database already holds data (it is replaced).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        alias = options["database"]
        path = options["file"]
        try:
            fmt = backups.detect_format(path)
            backups.check_compatible(fmt, alias)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except backups.BackupError as error:
            raise CommandError(str(error)) from error

        target = backups.describe_database(alias)
        if not backups.database_is_empty(alias) and not options["force"]:
            raise CommandError(
                f"The {target} already holds data. Restoring replaces all of it; "
                "add --force if that is what you want (make a backup first)."
            )
        if options["interactive"]:
            answer = input(
                f"This replaces ALL data in the {target} with {path} ({fmt}).\n"
                "Type 'yes' to continue, anything else to stop: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            backups.restore(path=path, alias=alias)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} ({fmt}) into the {target}. If the backup is older than this "
                "version of Wegwijzer, run `manage.py migrate` now."
            )
        )
