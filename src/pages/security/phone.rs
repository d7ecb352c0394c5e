//! Codes by text message on `/security` (a phone beside the authenticator app, never instead
//! of it), and `/texts`: the demo's page of the text messages the portal would have sent.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{ErrorCode, PhoneState, SecurityOverview};
use stylers::style_sheet;

use super::shared::{security_class, Reload};
use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::pages::not_found::NotFound;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::text::{self, use_page_title};

/// The card of codes by text message; shown only where the portal can send them.
#[component]
pub fn PhoneCodes() -> impl IntoView {
    let i18n = use_i18n();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let retry = Callback::new(move |_| overview.refetch());
    let available = move || matches!(overview.get(), Some(Ok(o)) if o.text_messages_available);
    let body = move || overview.get().map(|result| result.map(|o| view! { <PhoneState overview=o /> }));
    view! {
        <Show when=available>
            <section class="card" aria-labelledby="phone-heading">
                <h2 id="phone-heading" class="card-title">{tv!(i18n, security.phone.title)}</h2>
                <p class="muted">{tv!(i18n, security.phone.why)}</p>
                <Loaded on_retry=retry>{body}</Loaded>
            </section>
        </Show>
    }
}

/// Where the phone stands, and what can be done about it now.
#[component]
fn PhoneState(overview: SecurityOverview) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let fresh = overview.fresh_until.is_some();
    let needs_fresh = move || view! { <p class="muted">{tv!(i18n, security.phone.needs_fresh)}</p> };
    match (overview.totp_enabled, overview.phone) {
        (false, _) => view! { <p class="status">{tv!(i18n, security.phone.needs_app)}</p> }.into_any(),
        (true, Some(PhoneState { number, confirmed: true })) => view! { class=class,
            <div class="status">
                <span class="badge badge-success">{tv!(i18n, security.phone.badge)}</span>
            </div>
            <p>{let n = number.clone(); move || ts!(i18n, security.phone.confirmed, phone = n.clone()).to_string()}</p>
            {if fresh { view! { <RemovePhone /> }.into_any() } else { needs_fresh().into_any() }}
        }
        .into_any(),
        (true, Some(PhoneState { number, confirmed: false })) if fresh => {
            view! { <ConfirmPhone number=number /> }.into_any()
        }
        (true, _) if !fresh => view! {
            <p class="status">{tv!(i18n, security.phone.none)}</p>
            {needs_fresh()}
        }
        .into_any(),
        (true, _) => view! {
            <p class="status">{tv!(i18n, security.phone.none)}</p>
            <AddPhone />
        }
        .into_any(),
    }
}

/// A change refused for want of a fresh sign-in: the overview says so (the 2-step card then
/// asks for the password); any other error is shown where it happened.
fn on_refused(overview: LocalResource<ApiResult<SecurityOverview>>, error: &ApiError) {
    if matches!(error, ApiError::Server { code: ErrorCode::ReauthenticationRequired | ErrorCode::TwoStepState, .. }) {
        overview.refetch();
    }
}

#[component]
fn AddPhone() -> impl IntoView {
    let i18n = use_i18n();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let phone = RwSignal::new(String::new());
    let action = Action::new_local(move |phone: &String| {
        let phone = phone.clone();
        async move {
            let result = api::add_phone(phone).await;
            match &result {
                Ok(_) => reload.bump(),
                Err(error) => on_refused(overview, error),
            }
            result.map(drop)
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(phone.get_untracked().trim().to_owned());
    };
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert error=action_error(action) />
            <TextField
                name="phone"
                label=Signal::derive(move || ts!(i18n, security.phone.number).to_string())
                hint=Signal::derive(move || Some(ts!(i18n, security.phone.number_hint).to_string()))
                value=phone
                error=field_error(action, "phone")
                input_type="tel"
                autocomplete="tel"
                required=true
                maxlength=24usize
            />
            <div class="form-actions">
                <SubmitButton
                    busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, security.phone.send).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.phone.sending).to_string())
                />
            </div>
        </form>
    }
}

/// The code a text message brought, to confirm the phone it went to.
#[component]
fn ConfirmPhone(number: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let session = use_session();
    let code = RwSignal::new(String::new());
    let action = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            let result = api::confirm_phone(code).await;
            match &result {
                Ok(_) => {
                    toasts.success(move || ts!(i18n, security.phone.added).to_string());
                    reload.bump();
                }
                Err(error) => on_refused(overview, error),
            }
            result.map(drop)
        }
    });
    let resend = {
        let number = number.clone();
        Action::new_local(move |_: &()| {
            let number = number.clone();
            async move {
                let result = api::add_phone(number).await;
                if let Err(error) = &result {
                    toasts.error(error.clone());
                }
                result.map(drop)
            }
        })
    };
    let cancel = Action::new_local(move |_: &()| async move {
        let result = api::remove_phone().await;
        reload.bump();
        result
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(code.get_untracked().trim().to_owned());
    };
    let demo = move || matches!(session.config.get(), Some(Ok(c)) if c.texts);
    view! {
        <p class="status" role="status">
            {let n = number.clone(); move || ts!(i18n, security.phone.pending, phone = n.clone()).to_string()}
        </p>
        <Show when=demo>
            <p class="muted">
                <A href=super::TEXTS_PAGE>{tv!(i18n, security.phone.demo)}</A>
            </p>
        </Show>
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert error=action_error(action) />
            <TextField
                name="phone_code"
                label=Signal::derive(move || ts!(i18n, security.phone.code).to_string())
                value=code
                error=field_error(action, "code")
                autocomplete="one-time-code"
                required=true
                maxlength=7usize
            />
            <div class="form-actions">
                <SubmitButton
                    busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, security.phone.confirm).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.phone.confirming).to_string())
                />
                <button type="button" class="btn btn-secondary" disabled=move || resend.pending().get() on:click=move |_| { resend.dispatch(()); }>
                    {move || if resend.pending().get() { ts!(i18n, security.phone.sending) } else { ts!(i18n, security.phone.resend) }}
                </button>
                <button type="button" class="btn btn-secondary" disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(()); }>
                    {tv!(i18n, core.common.cancel)}
                </button>
            </div>
        </form>
    }
}

#[component]
fn RemovePhone() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let asking = RwSignal::new(false);
    let remove = Action::new_local(move |_: &()| async move {
        let result = api::remove_phone().await;
        asking.set(false);
        match &result {
            Ok(()) => {
                toasts.success(move || ts!(i18n, security.phone.removed).to_string());
                reload.bump();
            }
            Err(error) => {
                on_refused(overview, error);
                toasts.error(error.clone());
            }
        }
        result
    });
    move || {
        if asking.get() {
            view! {
                <ConfirmPanel
                    id="remove-phone"
                    title=Signal::derive(move || ts!(i18n, security.phone.remove_title).to_string())
                    text=Signal::derive(move || ts!(i18n, security.phone.remove_text).to_string())
                    confirm_label=Signal::derive(move || ts!(i18n, security.phone.remove).to_string())
                    busy=remove.pending()
                    on_confirm=Callback::new(move |_| { remove.dispatch(()); })
                    on_cancel=Callback::new(move |_| asking.set(false))
                />
            }
            .into_any()
        } else {
            view! {
                <div class="form-actions">
                    <button type="button" class="btn btn-danger" on:click=move |_| asking.set(true)>
                        {tv!(i18n, security.phone.remove)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}

/// `/texts`: what demo mode would have sent by text message, newest first.
#[component]
pub fn TextsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || ts!(i18n, security.dev_texts.title).to_string());
    let disabled = move || matches!(session.config.get(), Some(Ok(config)) if !config.texts);
    view! {
        <Show when=move || !disabled() fallback=NotFound>
            <TextList />
        </Show>
    }
}

#[component]
fn TextList() -> impl IntoView {
    let class = style_sheet!("src/pages/security/texts.css");
    let i18n = use_i18n();
    let texts = LocalResource::new(api::get_dev_texts);
    let retry = Callback::new(move |_| texts.refetch());
    let rows = move || {
        texts.get().map(|result| {
            result.map(|list| {
                if list.messages.is_empty() {
                    return view! { class=class, <p class="empty">{tv!(i18n, security.dev_texts.empty)}</p> }.into_any();
                }
                let items = list
                    .messages
                    .into_iter()
                    .map(|m| {
                        let created_at = m.created_at.clone();
                        let sent = move || intl::format_date_time(text::tag(i18n), &created_at);
                        view! { class=class,
                            <li class="text">
                                <p class="text-meta">
                                    <span class="visually-hidden">{tv!(i18n, security.dev_texts.to)} ": "</span>
                                    <span class="text-to">{m.to.clone()}</span>
                                    <time datetime=m.created_at.clone()>{sent}</time>
                                </p>
                                <p class="text-body" lang=m.locale.clone()>{m.text.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { class=class, <ul class="text-list" aria-live="polite">{items}</ul> }.into_any()
            })
        })
    };
    view! { class=class,
        <div class="container page page-medium">
            <header class="page-header page-header-row">
                <div>
                    <h1>{tv!(i18n, security.dev_texts.title)}</h1>
                    <p class="muted">{tv!(i18n, security.dev_texts.intro)}</p>
                </div>
                <div class="form-actions">
                    <A href=AppRoute::Mailbox.href() attr:class="btn btn-secondary">{tv!(i18n, security.dev_texts.mailbox)}</A>
                    <button type="button" class="btn btn-secondary" on:click=move |_| texts.refetch()>
                        {tv!(i18n, security.dev_texts.refresh)}
                    </button>
                </div>
            </header>
            <section class="card card-flush">
                <Loaded on_retry=retry>{rows}</Loaded>
            </section>
        </div>
    }
}
