"""Reads of the execution app, one module per concept (the same as ``services`` and ``views``);
lists run a constant number of queries.

- ``events``: the execution status of planned activities, the events held, the event lists;
- ``registrations``: an event's registrations;
- ``attendance``: attendance counts, demographics (with consent) and the scanned sheets;
- ``contributions``: the contribution list and the contributions of a period;
- ``commitments``: the commitment list;
- ``convocations``: the convocation list and a convocation's recipients;
- ``reports``: the report lists and a report's figures.
"""
