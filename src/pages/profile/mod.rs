//! `/profile`: account facts, personal details and address, and the password.

mod page;

pub use page::ProfilePage;
