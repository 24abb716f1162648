"""Writes of the PQRSD module, one module per concept.

Every transition validates its preconditions (``ValidationError`` with a Spanish message),
records a :class:`~cabildo.pqrs.models.PetitionEvent` and notifies the citizen by email on
commit. The arithmetic of terms is in :mod:`cabildo.pqrs.deadlines`.

- ``filing``: filing a petition (any channel), its number, term and acknowledgement;
- ``attachments``: checking uploaded files (type by content, size, number);
- ``tracking``: tracking codes and the citizen's lookup;
- ``assignment``: assigning a petition to an area and official, starting it;
- ``completion``: asking the citizen to complete a petition (the term is suspended), extending
  that request, the completion by the official or the citizen;
- ``extensions``: extending the term to answer;
- ``transfers``: transfer to the competent entity;
- ``answers``: the answer and its notification;
- ``documents``: outgoing radicados (numbering, verification codes, cancellation);
- ``withdrawal``: withdrawal by the citizen, and closing petitions not completed in time;
- ``closure``: archiving an anonymous petition, reopening a closed one;
- ``notifications``: retrying a failed notification;
- ``due_dates``: recomputing open terms when the entity's calendar changes;
- ``configuration``: petition kinds, settings, sub-channels, mailbox, imported yearly counts;
- ``_common``: private helpers shared by the others (timeline events, email, locking).
"""
