//! Background jobs. Each claims its rows in the database, so any number of servers can run them.

pub mod outbox;
pub mod renewals;
pub mod retention;
pub mod support;
