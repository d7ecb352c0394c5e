//! "What's new" of a product: the releases, updates and add-ons the vendor published, newest
//! first, with the vendor's note.

use leptos::prelude::*;
use seatwise_api::{ProductUpdate, UpdateKind};

use crate::account::use_account;
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, I18n};

fn kind_name(i18n: I18n, kind: UpdateKind) -> String {
    match kind {
        UpdateKind::Release => ts!(i18n, software.whats_new.release),
        UpdateKind::Update => ts!(i18n, software.whats_new.update),
        UpdateKind::AddOn => ts!(i18n, software.whats_new.add_on),
    }
    .to_string()
}

#[component]
pub(super) fn WhatsNew(
    /// The product's code.
    code: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let updates = LocalResource::new(move || api::product_updates(account.id.get(), code.clone()));
    let retry = Callback::new(move |_| updates.refetch());
    let list = move || updates.get().map(|result| result.map(|list| updates_list(i18n, list.updates)));
    view! {
        <section class="card" aria-labelledby="whats-new">
            <h2 id="whats-new" class="card-title">{tv!(i18n, software.whats_new.title)}</h2>
            <div aria-live="polite">
                <Loaded on_retry=retry>{list}</Loaded>
            </div>
        </section>
    }
}

fn updates_list(i18n: I18n, updates: Vec<ProductUpdate>) -> AnyView {
    if updates.is_empty() {
        return view! { <p class="empty">{tv!(i18n, software.whats_new.empty)}</p> }.into_any();
    }
    let items = updates
        .into_iter()
        .map(|u| {
            let kind = u.kind;
            let at = u.published_at.clone();
            let title = match &u.file_title {
                Some(file) => format!("{} {} · {}", u.product_name, u.version, file),
                None => format!("{} {}", u.product_name, u.version),
            };
            view! {
                <li class="product-row">
                    <div>
                        <h3 class="product-name">{title}</h3>
                        <p class="product-facts">
                            <span class="tag">{move || kind_name(i18n, kind)}</span>
                            " "
                            {u.is_new.then(|| view! { <span class="badge badge-success">{tv!(i18n, software.whats_new.new_badge)}</span> " " })}
                            {move || ts!(i18n, software.whats_new.published_on, date = intl::format_date(text::tag(i18n), &at))}
                        </p>
                        {(!u.note.is_empty()).then(|| view! { <p class="prose">{u.note.clone()}</p> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="product-list">{items}</ul> }.into_any()
}
