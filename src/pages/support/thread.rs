//! A case's thread, oldest first: who wrote each message (side and name), when (in the
//! person's language), the text as written (plain text, its line breaks kept) and its files.
//! Internal notes (only staff ever get them) are marked as such.

use leptos::prelude::*;
use seatwise_api::{CaseMessage, CaseSide};

use super::{side_name, support_class, Attachments};
use crate::i18n::*;
use crate::intl;
use crate::text;

#[component]
pub(crate) fn Thread(
    /// The messages, oldest first.
    messages: Vec<CaseMessage>,
    /// The link of an attachment, by its id.
    href: Callback<String, String>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let items = messages.into_iter().map(|m| view! { <Message message=m href=href /> }).collect_view();
    view! { class=class,
        <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title" class="card-title">{tv!(i18n, support.case.thread)}</h2>
            <ol class="thread">{items}</ol>
        </section>
    }
}

/// A message's words: what a person wrote, or for Seatwise's own messages (their body is a
/// code) the text in the reader's language.
fn system_text(i18n: text::I18n, message: &CaseMessage) -> String {
    match (message.side, message.body.as_str()) {
        (CaseSide::System, "closed_after_solved") => ts!(i18n, support.case.closed_by_itself).to_string(),
        _ => message.body.clone(),
    }
}

#[component]
fn Message(
    /// The message.
    message: CaseMessage,
    /// The link of an attachment, by its id.
    href: Callback<String, String>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let side = message.side;
    let side_class = match side {
        CaseSide::Customer => "message message-customer",
        CaseSide::Vendor => "message message-vendor",
        CaseSide::System => "message message-system",
    };
    let created = message.created_at.clone();
    let when = move || intl::format_date_time(text::tag(i18n), &created);
    let internal = message.internal.then(|| {
        view! { class=class, <span class="badge badge-warning internal-badge">{tv!(i18n, support.case_staff.internal_badge)}</span> }
    });
    let heading_id = format!("message-{}", message.id);
    let labelled_by = heading_id.clone();
    view! { class=class,
        <li class=side_class class:message-internal=message.internal data-testid="case-message" data-internal=message.internal.to_string()>
            <article aria-labelledby=labelled_by>
                <header class="message-head">
                    <h3 class="message-author" id=heading_id>
                        {message.author_name.clone()}
                        <span class="muted message-side">" · " {move || side_name(i18n, side)}</span>
                    </h3>
                    {internal}
                    <time class="muted message-time" datetime=message.created_at.clone()>{when}</time>
                </header>
                <p class="message-body">{system_text(i18n, &message)}</p>
                <Attachments attachments=message.attachments href=href />
            </article>
        </li>
    }
}
