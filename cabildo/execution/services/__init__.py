"""Writes of the execution app, one module per concept.

- ``events``: events of planned activities (create, update, cancel) and the waitlist they fill;
- ``registrations``: registration, cancellation by token, promotion from the waitlist, check-in;
- ``contributions``: contributions recorded at events and their analysis;
- ``commitments``: commitments made at events and their follow-up;
- ``attendance``: scanned attendance sheets;
- ``activity_cancellations``: a planned activity that will not take place;
- ``convocations``: convocations to stakeholder groups and bodies, and their delivery;
- ``reports``: the standard internal report of an activity and its review.
"""
