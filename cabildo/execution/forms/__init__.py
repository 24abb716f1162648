"""Forms of the execution app, one module per concept (the same as ``services`` and ``views``).

- ``events``: the event form (and ``activity_choices``, the activities an official may pick,
  also used by the convocation form and the exercises app), cancelling an event;
- ``registrations``: the registration form (public and staff);
- ``contributions``: recording a contribution and its analysis;
- ``commitments``: recording a commitment and its follow-up;
- ``attendance``: the scanned attendance sheet;
- ``activity_cancellations``: cancelling a planned activity;
- ``convocations``: the convocation form;
- ``reports``: the report and its review.
"""
