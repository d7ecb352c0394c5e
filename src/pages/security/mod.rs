//! `/security`: 2-step verification, where the person is signed in and their sign-in history;
//! `/two-step`: the second step of a sign-in; `/texts`: the demo's text messages. One chunk,
//! with the `security` texts.

mod email_links;
mod page;
mod phone;
pub(crate) mod policies;
mod second_step;
pub(crate) mod shared;

use email_links::{ConfirmEmailChangePage, UndoEmailChangePage};
use page::SecurityPage;
use phone::TextsPage;
use second_step::SecondStepPage;

/// The demo's page of text messages (not an `AppRoute`: only this chunk links to it).
const TEXTS_PAGE: &str = "/texts";

crate::area_pages! { seatwise_security, [crate::texts::Ns::Core, crate::texts::Ns::Security];
    Security(security_view) => SecurityPage,
    SecondStep(second_step_view) => SecondStepPage,
    ConfirmEmailChange(confirm_email_change_view) => ConfirmEmailChangePage,
    UndoEmailChange(undo_email_change_view) => UndoEmailChangePage,
    Texts(texts_view) => TextsPage,
}
