# Messages of the live-trainings JSON API.

api-event-invalid = Some fields need attention; see errors.
api-event-closed = Registration for this training is not open.
api-event-not-registered = You do not hold a place at this training.
api-event-answers-invalid = Some answers need attention; see errors.
api-event-key-long = The Idempotency-Key header must be 1 to 200 visible characters.
api-event-key-reused = This Idempotency-Key was already used for a different request. Use a new key for a new request.
api-event-key-in-progress = A request with this Idempotency-Key is still being processed. Retry in a moment.
