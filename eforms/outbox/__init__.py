"""One outbox engine: a row that must be delivered at least once.

``models.OutboxItem`` is the abstract row (state, attempts, next attempt,
lease, last error, delivery time); ``engine.Outbox`` claims a row under a
lease, records success or failure with capped exponential back-off, sends
a row to the dead letters after its policy's maximum of attempts, and finds
the rows the periodic sweep must dispatch again. ``dispatch.send_by_name``
publishes delivery tasks by name on one producer. The hand-off
(``eforms.handoff``) and the applicant notifications
(``eforms.notifications``) are its users.
"""
