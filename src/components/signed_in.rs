//! The parts of the shell only a signed-in person sees: the user menu and the confirm-email
//! banner. They are a chunk of their own, fetched once someone is signed in, so the first
//! download (sign-in) does not carry them.

use leptos::prelude::*;
use leptos_router::components::A;
use stylers::style_sheet;

use crate::api;
use crate::components::icons::IconMail;
use crate::components::menu::{Popup, PopupButton};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::session::use_session;
use crate::routes::AppRoute;
use crate::text;

crate::area_pages! { seatwise_signed_in, [crate::texts::Ns::Core];
    Menu(user_menu_view) => UserMenu,
    Banner(verify_banner_view) => VerifyBanner,
}

/// The signed-in user's menu: who is signed in, and sign out.
#[component]
fn UserMenu() -> impl IntoView {
    let class = style_sheet!("src/components/user_menu.css");
    let i18n = use_i18n();
    let session = use_session();
    let user = move || session.user();
    let name = move || {
        user()
            .map(|me| {
                text::person_name(i18n, &me.first_name, &me.last_name)
                    .trim()
                    .to_string()
            })
            .unwrap_or_default()
    };
    let initials = move || {
        user()
            .map(|me| {
                me.first_name
                    .chars()
                    .take(1)
                    .chain(me.last_name.chars().take(1))
                    .collect::<String>()
                    .to_uppercase()
            })
            .unwrap_or_default()
    };
    let sign_out = session.sign_out_action();
    let busy = sign_out.pending();
    let popup = Popup::new();
    let label = move || {
        view! { class=class,
            <span class="avatar" aria-hidden="true">{initials}</span>
            <span class="user-name">{name}</span>
            <span class="visually-hidden">" · " {tv!(i18n, core.user_menu.label)}</span>
        }
    };
    view! { class=class,
        <PopupButton
            popup=popup
            scope=class
            id="user-menu"
            wrapper_class="user-menu"
            button_class="user-button"
            panel_class="user-panel"
            label=label
        >
            <p class="user-panel-caption">{tv!(i18n, core.user_menu.signed_in_as)}</p>
            <p class="user-panel-name">{name}</p>
            <p class="user-panel-email">{move || user().map(|me| me.email).unwrap_or_default()}</p>
            <p class="user-panel-id">
                {move || {
                    let id = user().map(|me| me.account_id).unwrap_or_default();
                    ts!(i18n, core.user_menu.account_id, id = id.to_string()).to_string()
                }}
            </p>
            // The security centre: with the person's own settings, not in the main navigation.
            <A href=AppRoute::Security.href() attr:class="btn btn-secondary btn-block" on:click=move |_| popup.close(false)>
                {tv!(i18n, core.nav.security)}
            </A>
            <button
                type="button"
                class="btn btn-secondary btn-block"
                disabled=move || busy.get()
                on:click=move |_| {
                    popup.close(false);
                    sign_out.dispatch(());
                }
            >
                {move || if busy.get() {
                    ts!(i18n, core.user_menu.signing_out)
                } else {
                    ts!(i18n, core.user_menu.sign_out)
                }}
            </button>
        </PopupButton>
    }
}

/// Shown on every page while the signed-in user's email address is not confirmed.
#[component]
fn VerifyBanner() -> impl IntoView {
    let class = style_sheet!("src/components/banner.css");
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let resend = Action::new_local(move |_: &()| async move {
        let result = api::resend_verification().await;
        match &result {
            Ok(()) => toasts.success(move || ts!(i18n, core.verify_banner.resent).to_string()),
            Err(error) => toasts.error(error.clone()),
        }
        result
    });
    let busy = resend.pending();
    let unverified_email = move || {
        session
            .user()
            .filter(|me| !me.email_verified)
            .map(|me| me.email)
    };
    move || {
        unverified_email().map(|email| {
            view! { class=class,
                <div class="banner" role="region" aria-label=move || ts!(i18n, core.profile.unverified)>
                    <div class="container banner-inner">
                        <IconMail />
                        <p class="banner-text">
                            {move || ts!(i18n, core.verify_banner.text, email = email.clone().to_string()).to_string()}
                        </p>
                        <button
                            type="button"
                            class="btn btn-secondary btn-sm"
                            disabled=move || busy.get()
                            on:click=move |_| { resend.dispatch(()); }
                        >
                            {move || if busy.get() {
                                ts!(i18n, core.verify_banner.resending)
                            } else {
                                ts!(i18n, core.verify_banner.resend)
                            }}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
