-- A certificate withdrawn because the attendance it stood on changed is reinstated when
-- the attendance is corrected; one revoked by staff for any other reason is not.
ALTER TABLE certificates ADD COLUMN revoked_for_attendance BIGINT NOT NULL DEFAULT 0;

-- Giving up a place can be undone for a short while: until `undo_until` the place is kept
-- (a confirmed seat is not passed on to the waitlist) and `undo_status` says what it was.
ALTER TABLE registrations ADD COLUMN undo_until BIGINT;
ALTER TABLE registrations ADD COLUMN undo_status TEXT;
-- The cancellation email that waits for `undo_until`, withdrawn if the place is taken back.
ALTER TABLE registrations ADD COLUMN undo_notice_job BIGINT;

-- Certificates issued for a training that has not yet ended were issued too early: they
-- are withdrawn now and come back on their own if attendance holds once it has ended.
UPDATE certificates
SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER),
    revoke_reason = 'Withdrawn: the attendance record no longer shows this person present at every session.',
    revoked_for_attendance = 1
WHERE kind = 'event' AND revoked_at IS NULL
  AND source_id IN (SELECT event_id FROM event_sessions GROUP BY event_id
                    HAVING MAX(ends_at) > CAST(strftime('%s', 'now') AS INTEGER));
