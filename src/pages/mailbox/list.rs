use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style_sheet;

use super::mailbox_resource;
use crate::session::use_session;
use crate::components::icons::IconMail;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::pages::not_found::NotFound;
use crate::routes::AppRoute;
use crate::text::{self, use_page_title};

#[component]
pub fn MailboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || ts!(i18n, personal.mailbox.title).to_string());
    let disabled = move || matches!(session.config.get(), Some(Ok(config)) if !config.mailbox);
    view! {
        <Show when=move || !disabled() fallback=NotFound>
            <MailboxList />
        </Show>
    }
}

#[component]
fn MailboxList() -> impl IntoView {
    let class = style_sheet!("src/pages/mailbox/mailbox.css");
    let i18n = use_i18n();
    let mailbox = mailbox_resource();
    let retry = Callback::new(move |_| mailbox.refetch());
    let rows = move || {
        mailbox.get().map(|result| {
            result.map(|mailbox| {
                let count = mailbox.messages.len();
                let items = mailbox
                    .messages
                    .into_iter()
                    .map(|message| {
                        let created_at = message.created_at.clone();
                        let received = move || intl::format_date_time(text::tag(i18n), &created_at);
                        view! { class=class,
                            <li class="mail">
                                <A href=AppRoute::MailboxMessage(message.id.clone()).href() attr:class=format!("mail-link {class}")>
                                    <span class="mail-icon"><IconMail /></span>
                                    <span class="mail-body">
                                        <span class="mail-subject">{message.subject.clone()}</span>
                                        <span class="mail-meta">
                                            <span class="visually-hidden">{tv!(i18n, personal.mailbox.to)} ": "</span>
                                            <span class="mail-to">{message.to.clone()}</span>
                                        </span>
                                    </span>
                                    <time class="mail-date" datetime=message.created_at.clone()>{received}</time>
                                </A>
                            </li>
                        }
                    })
                    .collect_view();
                view! { class=class,
                    <p class="mail-count" aria-live="polite">{move || text::mailbox_count(i18n, count)}</p>
                    {if count == 0 {
                        view! { class=class, <p class="empty">{tv!(i18n, personal.mailbox.empty)}</p> }.into_any()
                    } else {
                        view! { class=class, <ul class="mail-list">{items}</ul> }.into_any()
                    }}
                }
            })
        })
    };
    view! { class=class,
        <div class="container page page-medium">
            <header class="page-header page-header-row">
                <div>
                    <h1>{tv!(i18n, personal.mailbox.title)}</h1>
                    <p class="muted">{tv!(i18n, personal.mailbox.intro)}</p>
                </div>
                <button type="button" class="btn btn-secondary" on:click=move |_| mailbox.refetch()>
                    {tv!(i18n, personal.mailbox.refresh)}
                </button>
            </header>
            <section class="card card-flush">
                <Loaded on_retry=retry>
                        {rows}
                    </Loaded>
            </section>
        </div>
    }
}
