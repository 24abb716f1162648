"""Views of the execution app, one module per concept.

- ``events``: staff event pages (list, create, edit, detail, cancel), the public event list and
  the iCalendar feeds;
- ``registrations``: the public event page with its registration form, cancellation by link,
  staff registration and check-in;
- ``contributions``, ``commitments``, ``attendance``: what is recorded at an event;
- ``activity_cancellations``: cancelling a planned activity and undoing it;
- ``convocations``: convocations, their sending and progress;
- ``reports``: the standard internal report (staff) and the published reports (public);
- ``_common``: the object mixins and the public event lookup shared by several of them.
"""
