-- Restride's PostgreSQL store. Personal values (sessions, check-in records,
-- shared summaries, outbox messages, shown questions, received updates) are
-- sealed with a key of the chat they are about, kept in chat_keys: `/delete`
-- removes the key in the same transaction, so what VACUUM has not yet
-- reclaimed can no longer be read.

CREATE TABLE meta (name text PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE chat_keys (chat bigint PRIMARY KEY, key bytea NOT NULL);
CREATE TABLE sessions (chat bigint PRIMARY KEY, body bytea NOT NULL);
CREATE TABLE checkins (chat bigint PRIMARY KEY, body bytea NOT NULL);
-- The schedule index: every time a record is due (check-in, Sunday summary).
CREATE TABLE due (
    due bigint NOT NULL,
    chat bigint NOT NULL,
    claimed_until bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (due, chat)
);
CREATE INDEX due_chat ON due (chat);
-- Handled updates (exactly once): a duplicate finds its id here.
CREATE TABLE inbox (update_id bigint PRIMARY KEY, at bigint NOT NULL);
CREATE INDEX inbox_at ON inbox (at);
-- Updates received by a webhook and not yet decided, per chat in id order.
CREATE TABLE pending (
    update_id bigint PRIMARY KEY,
    chat bigint NOT NULL,
    at bigint NOT NULL,
    body bytea NOT NULL
);
CREATE INDEX pending_chat ON pending (chat, update_id);
CREATE TABLE outbox (
    seq bigserial PRIMARY KEY,
    chat bigint NOT NULL,
    about_chat bigint,
    about_clinic text,
    body bytea NOT NULL,
    claimed_until bigint NOT NULL DEFAULT 0
);
CREATE INDEX outbox_chat ON outbox (chat, seq);
CREATE INDEX outbox_about ON outbox (about_chat) WHERE about_chat IS NOT NULL;
CREATE TABLE shown (
    chat bigint NOT NULL,
    nonce bigint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (chat, nonce)
);
CREATE TABLE shares (
    clinic text NOT NULL,
    chat bigint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (clinic, chat)
);
CREATE INDEX shares_chat ON shares (chat);
CREATE TABLE staff (
    clinic text NOT NULL,
    user_id bigint NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (clinic, user_id)
);
CREATE INDEX staff_user ON staff (user_id);
CREATE TABLE invites (hash text PRIMARY KEY, body bytea NOT NULL);
CREATE TABLE links (token text PRIMARY KEY, bound bigint, body bytea NOT NULL);
CREATE TABLE clinic_audit (
    seq bigserial PRIMARY KEY,
    clinic text NOT NULL,
    body bytea NOT NULL
);
CREATE INDEX clinic_audit_clinic ON clinic_audit (clinic, seq);
-- Deletion records: opaque references only.
CREATE TABLE audit (seq bigserial PRIMARY KEY, line text NOT NULL);
-- Jobs that one instance of the deployment does at a time (the retention sweep).
CREATE TABLE leases (name text PRIMARY KEY, until bigint NOT NULL);
-- The deployment's one Telegram rate budget (a token bucket).
CREATE TABLE budget (
    name text PRIMARY KEY,
    tokens double precision NOT NULL,
    at double precision NOT NULL
);
