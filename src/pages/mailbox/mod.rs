//! `/mailbox` and `/mailbox/:id`: the demo mailbox (emails the server would have sent).

mod list;
mod message;

use list::MailboxPage;
use message::MessagePage;

crate::area_pages! { seatwise_mailbox, [crate::texts::Ns::Personal];
    Mailbox(mailbox_view) => MailboxPage,
    Message(message_view) => MessagePage,
}

use leptos::prelude::*;
use seatwise_api::Mailbox;

use crate::api::{self, ApiResult};

/// The mailbox, loaded once per page and reloaded on demand.
fn mailbox_resource() -> LocalResource<ApiResult<Mailbox>> {
    LocalResource::new(api::get_mailbox)
}
