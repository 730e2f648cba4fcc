from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from wegwijzer.accounts import rules, services
from wegwijzer.accounts.models import Organisation


class Command(BaseCommand):
    help = (
        "Invite someone to an organisation by e-mail (for example its first "
        "organisation administrator). Prints nothing secret: the link goes by e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's slug")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--role", default="org_admin", choices=[r.value for r in rules.ASSIGNABLE_ROLES]
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="the site's address, used in the link",
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['organisation']!r}")
        base = options["base_url"].rstrip("/")
        scheme, host = base.split("://", 1)
        request = RequestFactory().get("/", secure=scheme == "https", HTTP_HOST=host)
        request.user = None
        try:
            services.invite(
                request=request,
                organisation=organisation,
                email=options["email"],
                role=options["role"],
            )
        except services.ServiceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"invitation sent to {options['email']}")
