//! Passkeys on `/security` (list, add, rename, remove), `/sign-in-passkey` (a sign-in with a
//! passkey alone), and the passkey button of the sign-in's second step.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use seatwise_api::{ErrorCode, FieldErrorCode, PasskeyInfo, SecurityOverview};

use super::ceremony::{self as passkey, Ceremony, PasskeyError};
use crate::pages::security::shared::{security_class, Reload};
use crate::api::{ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, CheckboxField, FormAlert, SubmitButton, TextField};
use crate::components::guard::GuestOnly;
use crate::components::icons::IconWarning;
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::pages::auth::AuthCard;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::text::{self, use_page_title};

/// The message for a ceremony that did not end well.
fn error_text(i18n: text::I18n, error: &PasskeyError) -> String {
    match error {
        PasskeyError::Unsupported => ts!(i18n, security.passkeys.unsupported).to_string(),
        PasskeyError::Cancelled => ts!(i18n, security.passkeys.cancelled).to_string(),
        PasskeyError::Duplicate => ts!(i18n, security.passkeys.duplicate).to_string(),
        PasskeyError::Failed => ts!(i18n, security.passkeys.failed).to_string(),
        PasskeyError::Api(ApiError::Server { code: ErrorCode::PasskeyRejected, .. }) => {
            ts!(i18n, security.passkeys.rejected).to_string()
        }
        // The challenge's 5 minutes, or the first step's 10, are up.
        PasskeyError::Api(ApiError::Server { code: ErrorCode::InvalidToken, .. }) => {
            ts!(i18n, security.second_step.expired).to_string()
        }
        PasskeyError::Api(error) => text::error_message(i18n, error),
    }
}

/// The last ceremony's failure (role=alert).
#[component]
fn PasskeyAlert(#[prop(into)] error: Signal<Option<PasskeyError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            view! {
                <div class="alert alert-error" role="alert">
                    <IconWarning />
                    <p>{move || error_text(i18n, &error)}</p>
                </div>
            }
        })
    }
}

fn failure(result: &Option<passkey::Outcome>) -> Option<PasskeyError> {
    match result {
        Some(Err(error)) => Some(error.clone()),
        _ => None,
    }
}

/// The passkeys card of the security page.
#[component]
pub fn Passkeys() -> impl IntoView {
    let i18n = use_i18n();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let reload = expect_context::<Reload>();
    let list = LocalResource::new(move || {
        reload.track();
        crate::api::list_passkeys()
    });
    let retry = Callback::new(move |_| {
        overview.refetch();
        list.refetch();
    });
    let body = move || {
        let both = match (overview.get()?, list.get()?) {
            (Ok(o), Ok(l)) => Ok((o, l.passkeys)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        Some(both.map(|(o, keys)| view! { <PasskeyState overview=o keys=keys /> }))
    };
    view! {
        <section class="card" aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading" class="card-title">{tv!(i18n, security.passkeys.title)}</h2>
            <p class="muted">{tv!(i18n, security.passkeys.why)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

#[component]
fn PasskeyState(overview: SecurityOverview, keys: Vec<PasskeyInfo>) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let fresh = overview.fresh_until.is_some();
    let list = if keys.is_empty() {
        view! { <p class="status">{tv!(i18n, security.passkeys.none)}</p> }.into_any()
    } else {
        let items = keys.into_iter().map(|key| view! { <PasskeyItem key=key fresh=fresh /> }).collect_view();
        view! { class=class, <ul class="keys">{items}</ul> }.into_any()
    };
    let add = match (overview.passkeys_available, fresh) {
        (false, _) => view! { <p class="muted">{tv!(i18n, security.passkeys.unavailable)}</p> }.into_any(),
        (true, false) => view! { <p class="muted">{tv!(i18n, security.passkeys.needs_fresh)}</p> }.into_any(),
        (true, true) => view! { <AddPasskey /> }.into_any(),
    };
    view! { {list} {add} }
}

/// One passkey: its name and uses; rename, remove.
#[component]
fn PasskeyItem(key: PasskeyInfo, fresh: bool) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let renaming = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let name = RwSignal::new(key.name.clone());
    let id = key.id.clone();
    let rename = Action::new_local(move |(id, name): &(String, String)| {
        let (id, name) = (id.clone(), name.clone());
        async move {
            let result = crate::api::rename_passkey(id, name).await;
            if result.is_ok() {
                renaming.set(false);
                toasts.success(move || ts!(i18n, security.passkeys.renamed).to_string());
                reload.bump();
            }
            result.map(drop)
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result = crate::api::remove_passkey(id).await;
            asking.set(false);
            match &result {
                Ok(()) => {
                    toasts.success(move || ts!(i18n, security.passkeys.removed).to_string());
                    reload.bump();
                }
                Err(error) => {
                    if matches!(error, ApiError::Server { code: ErrorCode::ReauthenticationRequired, .. }) {
                        overview.refetch();
                    }
                    toasts.error(error.clone());
                }
            }
            result
        }
    });
    let added = {
        let at = key.created_at.clone();
        move || ts!(i18n, security.passkeys.added_on, date = intl::format_date(text::tag(i18n), &at)).to_string()
    };
    let used = {
        let at = key.last_used_at.clone();
        move || match &at {
            Some(at) => ts!(i18n, security.passkeys.last_used, date = intl::format_date(text::tag(i18n), at)).to_string(),
            None => ts!(i18n, security.passkeys.never_used).to_string(),
        }
    };
    let title = key.name.clone();
    let label = key.name.clone();
    let rename_id = id.clone();
    let on_rename = move |ev: SubmitEvent| {
        ev.prevent_default();
        rename.dispatch((rename_id.clone(), name.get_untracked().trim().to_owned()));
    };
    let remove_id = id.clone();
    let field_id: &'static str = "passkey_new_name";
    view! { class=class,
        <li class="key">
            <div>
                <p class="key-name">{key.name.clone()}</p>
                <p class="os">{added} " · " {used}</p>
            </div>
            {move || {
                if asking.get() {
                    let title = title.clone();
                    let remove_id = remove_id.clone();
                    view! {
                        <ConfirmPanel
                            id="remove-passkey"
                            title=Signal::derive(move || ts!(i18n, security.passkeys.remove_title, name = title.clone()).to_string())
                            text=Signal::derive(move || ts!(i18n, security.passkeys.remove_text).to_string())
                            confirm_label=Signal::derive(move || ts!(i18n, security.passkeys.remove).to_string())
                            busy=remove.pending()
                            on_confirm=Callback::new(move |_| { remove.dispatch(remove_id.clone()); })
                            on_cancel=Callback::new(move |_| asking.set(false))
                        />
                    }
                    .into_any()
                } else if renaming.get() {
                    let label = label.clone();
                    let on_rename = on_rename.clone();
                    view! {
                        <form class="form" novalidate on:submit=on_rename>
                            <FormAlert error=Signal::derive(move || action_error(rename).get().filter(|e| !e.has_fields())) />
                            <TextField
                                name=field_id
                                label=Signal::derive(move || ts!(i18n, security.passkeys.rename_label, name = label.clone()).to_string())
                                value=name
                                error=field_error(rename, "name")
                                required=true
                                maxlength=60usize
                            />
                            <div class="form-actions">
                                <SubmitButton
                                    busy=rename.pending()
                                    label=Signal::derive(move || ts!(i18n, security.passkeys.save).to_string())
                                    busy_label=Signal::derive(move || ts!(i18n, security.passkeys.saving).to_string())
                                />
                                <button type="button" class="btn btn-secondary" on:click=move |_| renaming.set(false)>
                                    {tv!(i18n, core.common.cancel)}
                                </button>
                            </div>
                        </form>
                    }
                    .into_any()
                } else {
                    view! {
                        <div class="form-actions">
                            <button type="button" class="btn btn-secondary" on:click=move |_| renaming.set(true)>
                                {tv!(i18n, security.passkeys.rename)}
                            </button>
                            <Show when=move || fresh>
                                <button type="button" class="btn btn-danger" on:click=move |_| asking.set(true)>
                                    {tv!(i18n, security.passkeys.remove)}
                                </button>
                            </Show>
                        </div>
                    }
                    .into_any()
                }
            }}
        </li>
    }
}

/// A name, then the browser's prompt to make the passkey.
#[component]
fn AddPasskey() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let name = RwSignal::new(String::new());
    let action = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            // Asked before the browser's prompt, so that no passkey is made for nothing.
            if name.is_empty() {
                let fields = [("name".to_string(), FieldErrorCode::Required)].into();
                let code = ErrorCode::ValidationFailed;
                return Err(PasskeyError::Api(ApiError::Server { status: 422, code, fields, retry_after: None }));
            }
            let result = passkey::run(Ceremony::Register { name }).await;
            match &result {
                Ok(_) => {
                    toasts.success(move || ts!(i18n, security.passkeys.added).to_string());
                    reload.bump();
                }
                Err(PasskeyError::Api(ApiError::Server { code: ErrorCode::ReauthenticationRequired, .. })) => overview.refetch(),
                Err(_) => {}
            }
            result
        }
    });
    let name_error = Signal::derive(move || match action.value().get() {
        Some(Err(PasskeyError::Api(error))) => error.field("name").map(|code| text::field_message(i18n, "name", code)),
        _ => None,
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(name.get_untracked().trim().to_owned());
    };
    let busy = action.pending();
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <PasskeyAlert error=Signal::derive(move || failure(&action.value().get()).filter(|e| !matches!(e, PasskeyError::Api(a) if a.has_fields()))) />
            <TextField
                name="passkey_name"
                label=Signal::derive(move || ts!(i18n, security.passkeys.name).to_string())
                hint=Signal::derive(move || Some(ts!(i18n, security.passkeys.name_hint).to_string()))
                value=name
                error=name_error
                required=true
                maxlength=60usize
            />
            <div class="form-actions">
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, security.passkeys.add).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.passkeys.adding).to_string())
                />
            </div>
        </form>
    }
}

/// `/sign-in-passkey`: a sign-in with a passkey alone, or (`?step=2`) the second step after
/// the password with one of the person's passkeys.
#[component]
pub fn PasskeySignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let second_step = use_query_map().with_untracked(|q| q.get("step").as_deref() == Some("2"));
    use_page_title(move || match second_step {
        true => ts!(i18n, security.second_step.title).to_string(),
        false => ts!(i18n, security.passkey_sign_in.title).to_string(),
    });
    // The first sign-in with an account at a provider: linked to an account signed in to here,
    // or a new account (signed in or out alike).
    if !second_step && use_query_map().with_untracked(|q| q.get("linked").as_deref() == Some("new")) {
        return view! { <super::linked::FirstSignIn passkey=ViewFn::from(FirstSignInPasskey) /> }.into_any();
    }
    // Signed in once the passkey is accepted: `GuestOnly` goes on to `next`.
    view! {
        <GuestOnly>
            <PasskeySignIn second_step=second_step />
        </GuestOnly>
    }
    .into_any()
}

/// A sign-in with a passkey alone, or (`second_step`) the second step after the password.
fn sign_in_action(second_step: bool, remember: RwSignal<bool>) -> Action<(), passkey::Outcome> {
    let session = use_session();
    Action::new_local(move |_: &()| async move {
        let ceremony = match second_step {
            true => Ceremony::SecondStep { remember_browser: remember.get_untracked() },
            false => Ceremony::SignIn,
        };
        let result = passkey::run(ceremony).await;
        if result.is_ok() {
            session.signed_in_elsewhere();
        }
        result
    })
}

/// The passkey way of confirming an account at a first sign-in with a provider.
#[component]
fn FirstSignInPasskey() -> impl IntoView {
    let i18n = use_i18n();
    let action = sign_in_action(false, RwSignal::new(false));
    view! {
        <PasskeyAlert error=Signal::derive(move || failure(&action.value().get())) />
        <PasskeyButton
            busy=action.pending()
            label=Signal::derive(move || ts!(i18n, security.passkey_sign_in.button).to_string())
            on_click=Callback::new(move |_| { action.dispatch(()); })
        />
    }
}

#[component]
fn PasskeySignIn(second_step: bool) -> impl IntoView {
    let i18n = use_i18n();
    let next = use_query_map().with_untracked(|q| q.get("next"));
    let remember = RwSignal::new(false);
    let action = sign_in_action(second_step, remember);
    let (title, intro, label, back, back_href) = if second_step {
        (
            Signal::derive(move || ts!(i18n, security.second_step.title).to_string()),
            Signal::derive(move || Some(ts!(i18n, security.second_step.intro_passkey).to_string())),
            Signal::derive(move || ts!(i18n, security.second_step.passkey_button).to_string()),
            Signal::derive(move || ts!(i18n, security.second_step.other_way).to_string()),
            AppRoute::SecondStep { next }.href(),
        )
    } else {
        (
            Signal::derive(move || ts!(i18n, security.passkey_sign_in.title).to_string()),
            Signal::derive(move || Some(ts!(i18n, security.passkey_sign_in.intro).to_string())),
            Signal::derive(move || ts!(i18n, security.passkey_sign_in.button).to_string()),
            Signal::derive(move || ts!(i18n, security.passkey_sign_in.password).to_string()),
            AppRoute::SignIn { next }.href(),
        )
    };
    view! {
        <AuthCard title=title intro=intro>
            <div class="form">
                <PasskeyAlert error=Signal::derive(move || failure(&action.value().get())) />
                {second_step.then(|| view! {
                    <CheckboxField
                        name="remember_browser"
                        label=Signal::derive(move || ts!(i18n, security.second_step.remember).to_string())
                        hint=Signal::derive(move || Some(ts!(i18n, security.second_step.remember_hint).to_string()))
                        checked=remember
                    />
                })}
                <PasskeyButton busy=action.pending() label=label on_click=Callback::new(move |_| { action.dispatch(()); }) />
            </div>
            {(!second_step).then(|| view! { <super::linked::ProviderSignIn /> })}
            <p class="form-footer">
                <A href=back_href>{move || back.get()}</A>
            </p>
        </AuthCard>
    }
}

#[component]
fn PasskeyButton(#[prop(into)] busy: Signal<bool>, label: Signal<String>, on_click: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="btn btn-primary btn-block"
            disabled=move || busy.get()
            aria-busy=move || if busy.get() { "true" } else { "false" }
            on:click=move |_| on_click.run(())
        >
            {move || if busy.get() { ts!(i18n, security.passkey_sign_in.working).to_string() } else { label.get() }}
        </button>
    }
}
