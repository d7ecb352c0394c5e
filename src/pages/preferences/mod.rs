//! `/preferences`: interface language and email notifications.

mod page;

pub use page::PreferencesPage;
