"""Read the entities' PQRSD mailboxes once (the same job Celery beat runs every 5 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cabildo.pqrs.mail_intake import mailbox_poll, mailboxes_poll
from cabildo.pqrs.models import Mailbox


class Command(BaseCommand):
    help = "Radica como peticiones los correos nuevos de los buzones de PQRSD (IMAP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entidad", help="slug de una entidad (por defecto, todas)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["entidad"]:
            mailbox = (
                Mailbox.objects.select_related("entity")
                .filter(entity__slug=options["entidad"])
                .first()
            )
            if mailbox is None:
                self.stderr.write(f"La entidad «{options['entidad']}» no tiene buzón configurado.")
                return
            result = mailbox_poll(mailbox)
            if mailbox.last_error:
                self.stderr.write(f"{mailbox}: {mailbox.last_error}")
        else:
            result = mailboxes_poll()
        self.stdout.write(
            f"radicados: {result.filed}, omitidos: {result.skipped}, errores: {result.errors}"
        )
