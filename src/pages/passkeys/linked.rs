//! Linked accounts: the card of the security page (link, unlink, what happened on the way back
//! from the provider) and the "Sign in with …" links of `/sign-in-passkey`. The trips to a
//! provider are navigations to the API (`rel="external"`: not the app's router).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use seatwise_api::{match_locale, ErrorCode, LinkedAccount, LinkedAccountList, LinkedSignUpRequest, PendingLink, SecurityOverview};

use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, CheckboxField, CountrySelect, FormAlert, PersonNameFields, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::pages::auth::AuthCard;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::pages::security::shared::{security_class, Reload};
use crate::text::{self, use_page_title};

/// What the way back from a provider said (`?linked=…` / `?link_error=…`), as a sentence.
fn trip_text(i18n: text::I18n, why: &str) -> String {
    match why {
        "cancelled" => ts!(i18n, security.linked.cancelled),
        "expired" => ts!(i18n, security.linked.expired),
        "taken" => ts!(i18n, security.linked.taken),
        "not_linked" => ts!(i18n, security.linked.not_linked),
        "reauthenticate" => ts!(i18n, security.linked.needs_fresh),
        _ => ts!(i18n, security.linked.failed),
    }
    .to_string()
}

/// The linked accounts card of the security page.
#[component]
pub fn LinkedAccounts() -> impl IntoView {
    let i18n = use_i18n();
    let overview = expect_context::<LocalResource<ApiResult<SecurityOverview>>>();
    let reload = expect_context::<Reload>();
    let list = LocalResource::new(move || {
        reload.track();
        api::list_linked_accounts()
    });
    let query = use_query_map();
    let linked = query.with_untracked(|q| q.get("linked"));
    let error = query.with_untracked(|q| q.get("link_error"));
    let retry = Callback::new(move |_| list.refetch());
    let body = move || {
        let both = match (overview.get()?, list.get()?) {
            (Ok(o), Ok(l)) => Ok((o.fresh_until.is_some(), l)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        Some(both.map(|(fresh, l)| view! { <LinkedState fresh=fresh list=l /> }))
    };
    // Nothing to show where the operator set up no provider and nothing is linked.
    let shown = move || matches!(list.get(), Some(Ok(l)) if !l.providers.is_empty() || !l.accounts.is_empty());
    view! {
        <Show when=shown>
            <section class="card" aria-labelledby="linked-heading">
                <h2 id="linked-heading" class="card-title">{tv!(i18n, security.linked.title)}</h2>
                <p class="muted">{tv!(i18n, security.linked.why)}</p>
                {linked.clone().map(|_| view! {
                    <div class="alert alert-success" role="status"><p>{tv!(i18n, security.linked.done)}</p></div>
                })}
                {error.clone().map(|why| view! {
                    <div class="alert alert-error" role="alert"><p>{move || trip_text(i18n, &why)}</p></div>
                })}
                <Loaded on_retry=retry>{body}</Loaded>
            </section>
        </Show>
    }
}

#[component]
fn LinkedState(fresh: bool, list: LinkedAccountList) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let items = if list.accounts.is_empty() {
        view! { <p class="status">{tv!(i18n, security.linked.none)}</p> }.into_any()
    } else {
        let rows = list.accounts.into_iter().map(|a| view! { <LinkedItem account=a fresh=fresh /> }).collect_view();
        view! { class=class, <ul class="keys">{rows}</ul> }.into_any()
    };
    let links = if fresh {
        let buttons = list
            .providers
            .into_iter()
            .map(|p| {
                let name = p.name.clone();
                view! {
                    <a class="btn btn-secondary" rel="external" href=api::link_start_href(&p.id)>
                        {move || ts!(i18n, security.linked.link, provider = name.clone()).to_string()}
                    </a>
                }
            })
            .collect_view();
        view! { <div class="form-actions">{buttons}</div> }.into_any()
    } else {
        view! { <p class="muted">{tv!(i18n, security.linked.needs_fresh)}</p> }.into_any()
    };
    view! { {items} {links} }
}

#[component]
fn LinkedItem(account: LinkedAccount, fresh: bool) -> impl IntoView {
    let class = security_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reload = expect_context::<Reload>();
    let asking = RwSignal::new(false);
    let unlink = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result = api::unlink_account(id).await;
            asking.set(false);
            match &result {
                Ok(()) => {
                    toasts.success(move || ts!(i18n, security.linked.unlinked).to_string());
                    reload.bump();
                }
                Err(ApiError::Server { code: ErrorCode::LastSignInMethod, .. }) => {
                    toasts.error_text(move || ts!(i18n, security.linked.last).to_string());
                }
                Err(error) => toasts.error(error.clone()),
            }
            result
        }
    });
    let used = {
        let at = account.last_used_at.clone();
        move || match &at {
            Some(at) => ts!(i18n, security.passkeys.last_used, date = intl::format_date(text::tag(i18n), at)).to_string(),
            None => ts!(i18n, security.passkeys.never_used).to_string(),
        }
    };
    let name = account.provider_name.clone();
    let id = account.id.clone();
    view! { class=class,
        <li class="key">
            <div>
                <p class="key-name">{account.provider_name.clone()}</p>
                <p class="os">{account.email.clone()} " · " {used}</p>
            </div>
            {move || {
                if asking.get() {
                    let (name, id) = (name.clone(), id.clone());
                    view! {
                        <ConfirmPanel
                            id="unlink"
                            title=Signal::derive(move || ts!(i18n, security.linked.unlink_title, provider = name.clone()).to_string())
                            text=Signal::derive(move || ts!(i18n, security.linked.unlink_text).to_string())
                            confirm_label=Signal::derive(move || ts!(i18n, security.linked.unlink).to_string())
                            busy=unlink.pending()
                            on_confirm=Callback::new(move |_| { unlink.dispatch(id.clone()); })
                            on_cancel=Callback::new(move |_| asking.set(false))
                        />
                    }
                    .into_any()
                } else {
                    fresh.then(|| view! {
                        <button type="button" class="btn btn-danger" on:click=move |_| asking.set(true)>
                            {tv!(i18n, security.linked.unlink)}
                        </button>
                    })
                    .into_any()
                }
            }}
        </li>
    }
}

/// "Sign in with …" for each provider, and what the last trip said (`?linked=…`).
#[component]
pub fn ProviderSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let providers = LocalResource::new(api::sign_in_providers);
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("next"));
    let why = query.with_untracked(|q| q.get("linked"));
    let links = move || {
        let next = next.clone();
        providers.get().and_then(Result::ok).map(|list| {
            list.providers
                .into_iter()
                .map(|p| {
                    let name = p.name.clone();
                    view! {
                        <a class="btn btn-secondary btn-block" rel="external" href=api::oidc_sign_in_href(&p.id, next.as_deref())>
                            {move || ts!(i18n, security.linked.sign_in_with, provider = name.clone()).to_string()}
                        </a>
                    }
                })
                .collect_view()
        })
    };
    view! {
        {why.map(|why| view! {
            <div class="alert alert-error" role="alert"><p>{move || trip_text(i18n, &why)}</p></div>
        })}
        <div class="stack">{links}</div>
    }
}

/// `/sign-in-passkey?linked=new`: the first sign-in with an account at a provider that is
/// linked to no one yet. Signed out, the person signs in to their Seatwise account (password or
/// passkey: that confirms it is theirs) or, when the provider vouched for an address that has
/// no account, starts one with it. Signed in, they link it.
#[component]
pub fn FirstSignIn(passkey: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || ts!(i18n, security.linked.first_title).to_string());
    let next = use_query_map().with_untracked(|q| q.get("next"));
    let pending = LocalResource::new(api::pending_link);
    let provider = move || match pending.get() {
        Some(Ok(p)) => p.provider_name,
        _ => String::new(),
    };
    let body = move || {
        let next = next.clone();
        let p = match pending.get()? {
            Ok(p) => p,
            // Used, or its 10 minutes are up.
            Err(_) => {
                return Some(view! {
                    <div class="alert alert-error" role="alert"><p>{tv!(i18n, security.linked.expired)}</p></div>
                    <ProviderSignIn />
                }.into_any())
            }
        };
        Some(match session.signed_in()? {
            true => view! { <LinkToMe pending=p next=next /> }.into_any(),
            false => view! { <SignedOutChoice pending=p next=next passkey=passkey.clone() /> }.into_any(),
        })
    };
    view! {
        <AuthCard title=Signal::derive(move || ts!(i18n, security.linked.first_heading, provider = provider()).to_string())>
            {body}
        </AuthCard>
    }
}

/// Signed out: sign in to the account (then link), or start one.
#[component]
fn SignedOutChoice(pending: PendingLink, next: Option<String>, passkey: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    // Back here once signed in, to link.
    let here = format!("{}&linked=new", AppRoute::PasskeySignIn { next: next.clone(), second_step: false }.href());
    let sign_in = AppRoute::SignIn { next: Some(here) }.href();
    let name = pending.provider_name.clone();
    let has_account = {
        let name = name.clone();
        move || ts!(i18n, security.linked.has_account, provider = name.clone()).to_string()
    };
    let email = pending.email.clone();
    let gave = move || match email.is_empty() {
        true => ts!(i18n, security.linked.no_address, provider = name.clone()).to_string(),
        false => ts!(i18n, security.linked.gave_address, provider = name.clone(), email = email.clone()).to_string(),
    };
    let confirm = move || {
        view! {
            <A href=sign_in.clone() attr:class="btn btn-primary btn-block">{tv!(i18n, security.linked.sign_in_password)}</A>
            {passkey.run()}
        }
    };
    let choice = if pending.account_exists {
        view! {
            <p>{has_account}</p>
            <div class="stack">{confirm()}</div>
        }
        .into_any()
    } else if pending.email_verified {
        view! {
            <p>{tv!(i18n, security.linked.new_account)}</p>
            <LinkedSignUp pending=pending />
            <h2 class="card-title">{tv!(i18n, security.linked.other_account)}</h2>
            <div class="stack">{confirm()}</div>
        }
        .into_any()
    } else {
        view! {
            <p>{tv!(i18n, security.linked.unconfirmed)}</p>
            <div class="stack">{confirm()}</div>
        }
        .into_any()
    };
    view! {
        <p>{gave}</p>
        {choice}
    }
}

/// A new account for the provider's address, which it signs in to (no password).
#[component]
fn LinkedSignUp(pending: PendingLink) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let first_name = RwSignal::new(pending.first_name);
    let last_name = RwSignal::new(pending.last_name);
    let country = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let action = Action::new_local(move |request: &LinkedSignUpRequest| {
        let request = request.clone();
        async move {
            let result = api::sign_up_pending(&request).await.map(drop);
            if result.is_ok() {
                session.signed_in_elsewhere();
            }
            result
        }
    });
    let version = move || match session.config.get() {
        Some(Ok(config)) => config.privacy_statement_version,
        _ => String::new(),
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(LinkedSignUpRequest {
            first_name: first_name.get_untracked().trim().to_owned(),
            last_name: last_name.get_untracked().trim().to_owned(),
            country: country.get_untracked(),
            privacy_consent: consent.get_untracked(),
            locale: match_locale(i18n.get_locale_untracked().as_str()).map(str::to_owned),
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert error=action_error(action) />
            <PersonNameFields
                first_name=first_name
                last_name=last_name
                first_error=field_error(action, "first_name")
                last_error=field_error(action, "last_name")
            />
            <CountrySelect value=country error=field_error(action, "country") required=true />
            <CheckboxField
                name="privacy_consent"
                label=Signal::derive(move || ts!(i18n, core.sign_up.consent, version = version().to_string()).to_string())
                checked=consent
                error=field_error(action, "privacy_consent")
                required=true
                link_href=AppRoute::Privacy.href()
                link_label=Signal::derive(move || ts!(i18n, core.sign_up.read_privacy).to_string())
            />
            <SubmitButton
                busy=action.pending()
                label=Signal::derive(move || ts!(i18n, security.linked.create).to_string())
                busy_label=Signal::derive(move || ts!(i18n, core.sign_up.submitting).to_string())
                extra_class="btn-block"
            />
        </form>
    }
}

/// Signed in (just now, to confirm it): link the provider's account to this one, then go on.
#[component]
fn LinkToMe(pending: PendingLink, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let after = AppRoute::after_sign_in(next);
    let action = Action::new_local(move |_: &()| api::link_pending());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            toasts.success(move || ts!(i18n, security.linked.done).to_string());
            navigate(&after, Default::default());
        }
    });
    let name = pending.provider_name.clone();
    let me = move || session.user().map(|u| u.email).unwrap_or_default();
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(ApiError::Server { code: ErrorCode::Taken, .. })) => Some(ts!(i18n, security.linked.taken).to_string()),
        Some(Err(ApiError::Server { code: ErrorCode::ReauthenticationRequired, .. })) => {
            Some(ts!(i18n, security.linked.sign_in_again).to_string())
        }
        Some(Err(ApiError::Server { code: ErrorCode::InvalidToken, .. })) => Some(ts!(i18n, security.linked.expired).to_string()),
        Some(Err(e)) => Some(text::error_message(i18n, &e)),
        _ => None,
    });
    view! {
        {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert"><p>{e}</p></div> })}
        <p>{move || ts!(i18n, security.linked.link_to_me, provider = name.clone(), email = me()).to_string()}</p>
        <form class="form" on:submit=move |ev: SubmitEvent| { ev.prevent_default(); action.dispatch(()); }>
            <SubmitButton
                busy=action.pending()
                label=Signal::derive(move || ts!(i18n, security.linked.link_now).to_string())
                busy_label=Signal::derive(move || ts!(i18n, security.linked.linking).to_string())
                extra_class="btn-block"
            />
        </form>
    }
}
