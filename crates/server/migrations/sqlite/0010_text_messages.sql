-- Codes by text message, a second factor beside the authenticator app (never the only one).

-- A person's phone for codes. verified_at is empty until a code sent to it was typed back.
CREATE TABLE user_phones (
    user_id     TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    phone       TEXT NOT NULL,
    verified_at BIGINT,
    created_at  BIGINT NOT NULL
);

-- The code last sent for a purpose ('confirm' a new phone, 'sign-in'); only its hash is kept,
-- and it is removed when used.
CREATE TABLE text_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, purpose)
);

-- The outbox carries text messages too: one queue, one lease, one retry rule. A text's
-- address is the phone number, its text body the message.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';
