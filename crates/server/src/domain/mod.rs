//! Domain types parsed at the edge, and the rules that do not depend on storage or HTTP.

pub mod accounts;
pub mod billing;
pub mod bindings;
pub mod directory;
pub mod scim;
pub mod scim_filter;
pub mod scim_patch;
pub mod catalogue;
pub mod contracts;
pub mod device_grant;
pub mod downloads;
pub mod factors;
pub mod home;
pub mod links;
pub mod products;
pub mod identity;
pub mod import;
pub mod keys;
pub mod invitations;
pub mod licensing;
pub mod linked;
pub mod membership;
pub mod money;
pub mod passkeys;
pub mod prices;
pub mod reports;
pub mod report_tokens;
pub mod password;
pub mod secret;
pub mod security;
pub mod support;
pub mod text_codes;
pub mod two_step;

pub use identity::{AccountId, Country, Email, Locale, PersonName, ProfileText, Username};
pub use password::{Password, PasswordHasher};
