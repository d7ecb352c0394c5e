use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use stylers::style_sheet;

use super::mailbox_resource;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute};
use crate::text::{self, use_page_title};

/// A piece of an email body: plain text or a web link.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Link(String),
}

/// Splits plain text into text and `http(s)://` links. Punctuation that ends a sentence is not
/// part of the link. The result is rendered as text nodes and `<a>` elements, never as HTML.
fn linkify(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        if start > 0 {
            pieces.push(Piece::Text(rest[..start].to_owned()));
        }
        let after = &rest[start..];
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(after.len());
        let link = after[..end]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '」', '。', '，']);
        pieces.push(Piece::Link(link.to_owned()));
        rest = &after[link.len()..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    pieces
}

#[component]
pub fn MessagePage() -> impl IntoView {
    let class = style_sheet!("src/pages/mailbox/message.css");
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get(paths::MESSAGE_ID))
            .unwrap_or_default()
    };
    let mailbox = mailbox_resource();
    let retry = Callback::new(move |_| mailbox.refetch());
    let message = move || {
        mailbox
            .get()
            .map(|result| result.map(|mailbox| mailbox.messages.into_iter().find(|m| m.id == id())))
    };
    let subject = Memo::new(move |_| message().and_then(|m| m.ok().flatten()).map(|m| m.subject));
    use_page_title(move || {
        subject
            .get()
            .unwrap_or_else(|| ts!(i18n, personal.mailbox.title).to_string())
    });
    let body = move || {
        message().map(|result| {
            result.map(|found| match found {
                None => view! { class=class,
                    <h1>{tv!(i18n, personal.mailbox.title)}</h1>
                    <p class="alert alert-info">{tv!(i18n, personal.mailbox.not_found)}</p>
                }
                .into_any(),
                Some(message) => {
                    let created_at = message.created_at.clone();
                    let received = move || intl::format_date_time(text::tag(i18n), &created_at);
                    let pieces = linkify(&message.text)
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Text(text) => text.into_any(),
                            Piece::Link(href) => {
                                let label = href.clone();
                                view! { class=class, <a href=href rel="noopener noreferrer">{label}</a> }
                                    .into_any()
                            }
                        })
                        .collect_view();
                    view! { class=class,
                        <h1 class="message-subject">{message.subject.clone()}</h1>
                        <dl class="message-meta">
                            <div>
                                <dt>{tv!(i18n, personal.mailbox.to)}</dt>
                                <dd>{message.to.clone()}</dd>
                            </div>
                            <div>
                                <dt>{tv!(i18n, personal.mailbox.received)}</dt>
                                <dd><time datetime=message.created_at.clone()>{received}</time></dd>
                            </div>
                        </dl>
                        <div class="message-text" lang=message.locale.clone()>{pieces}</div>
                    }
                    .into_any()
                }
            })
        })
    };
    view! { class=class,
        <div class="container page page-medium">
            <p class="back">
                <A href=AppRoute::Mailbox.href()>"← " {tv!(i18n, personal.mailbox.back)}</A>
            </p>
            <article class="card message">
                <Loaded on_retry=retry>
                        {body}
                    </Loaded>
            </article>
        </div>
    }
}
