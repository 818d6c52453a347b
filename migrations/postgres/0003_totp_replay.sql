-- The last time step whose one-time code was accepted, so a code cannot be used twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
