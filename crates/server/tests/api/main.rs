//! API tests: the real server on port 0, a fresh database per test, on SQLite and PostgreSQL.

mod helpers;
mod import_export;

mod accounts;
mod auth;
mod billing;
mod authorization;
mod company;
mod crash;
mod directory;
mod hardening;
mod home;
mod identity_changes;
mod licensing;
mod linked;
mod mail;
mod processes;
mod reports;
mod products;
mod me;
mod my_data;
mod passkeys;
mod prices;
mod seats_model;
mod security;
mod sessions;
mod support;
mod system;
mod two_servers;
mod text_messages;
mod two_step;
