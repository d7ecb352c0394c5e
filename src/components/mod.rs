//! Pieces reused by several pages.

pub mod form;
pub mod icons;
pub mod load;
pub mod shell;
pub mod toast;
pub mod guard;
