-- An account's contract manager can require 2-step verification of every member: a member
-- without it can, once signed in, only set it up.
ALTER TABLE accounts ADD COLUMN require_two_step BIGINT NOT NULL DEFAULT 0;
