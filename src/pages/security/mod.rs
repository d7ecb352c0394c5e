//! `/security`: 2-step verification, where the person is signed in and their sign-in history;
//! `/two-step`: the second step of a sign-in. One chunk, with the `security` texts.

mod email_links;
mod page;
mod second_step;

use email_links::{ConfirmEmailChangePage, UndoEmailChangePage};
use page::SecurityPage;
use second_step::SecondStepPage;

crate::area_pages! { seatwise_security, [crate::texts::Ns::Core, crate::texts::Ns::Security];
    Security(security_view) => SecurityPage,
    SecondStep(second_step_view) => SecondStepPage,
    ConfirmEmailChange(confirm_email_change_view) => ConfirmEmailChangePage,
    UndoEmailChange(undo_email_change_view) => UndoEmailChangePage,
}
