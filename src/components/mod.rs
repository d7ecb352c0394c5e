//! Pieces reused by several pages.

pub mod confirm;
pub mod form;
pub mod guard;
pub mod icons;
pub mod lazy;
pub mod load;
pub mod menu;
pub mod select;
pub mod shell;
pub mod signed_in;
pub mod table;
pub mod toast;
