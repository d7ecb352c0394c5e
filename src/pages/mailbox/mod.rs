//! `/mailbox` and `/mailbox/:id`: the demo mailbox (emails the server would have sent).

mod list;
mod message;

pub use list::MailboxPage;
pub use message::MessagePage;

use leptos::prelude::*;
use seatwise_api::Mailbox;

use crate::api::{self, ApiResult};

/// The mailbox, loaded once per page and reloaded on demand.
fn mailbox_resource() -> LocalResource<ApiResult<Mailbox>> {
    LocalResource::new(api::get_mailbox)
}
