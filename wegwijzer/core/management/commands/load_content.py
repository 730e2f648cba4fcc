from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wegwijzer.core import content


class Command(BaseCommand):
    help = "Validate the YAML files in content/ and upsert them by key (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=settings.CONTENT_DIR,
            help="folder with the content files (default: content/)",
        )
        parser.add_argument("--check", action="store_true", help="only validate; write nothing")

    def handle(self, *args, dir: Path, check: bool, **options):
        try:
            if check:
                content.parse_all(dir)
                self.stdout.write(self.style.SUCCESS("Content is valid."))
                return
            reports = content.load(dir)
        except content.ContentError as exc:
            raise CommandError(
                f"Content not loaded: {len(exc.problems)} problem(s); the database is "
                "unchanged.\n" + "\n".join(f"  - {p}" for p in exc.problems)
            ) from exc
        if options.get("verbosity", 1) >= 1:
            for name, report in reports.items():
                self.stdout.write(f"{name}: {report}")
            self.stdout.write(self.style.SUCCESS("Content loaded."))
