//! `/profile`: account facts, personal details and address, the password, and the devices a
//! desktop app signed in from.

mod devices;
mod page;

pub use page::ProfilePage;
