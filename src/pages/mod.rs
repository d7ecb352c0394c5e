//! One folder per portal area.

pub mod account;
pub mod accounts;
pub mod auth;
pub mod billing;
pub mod home;
pub mod invitation;
pub mod mailbox;
pub mod not_found;
pub mod passkeys;
pub mod personal;
pub mod preferences;
pub mod privacy;
pub mod products;
pub mod reports;
pub mod profile;
pub mod security;
pub mod support;
pub mod vendor;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::session::use_session;
use crate::components::load::{LoadFailed, Loading};
use crate::routes::{AccountTab, AppRoute};

/// `/`: a signed-in person's home page (of their first account; the account's header switches
/// to the others), the back office's for vendor staff without an account, and the profile for
/// everyone else; sign-in for people who are not signed in.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    move || match session.me.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(Some(_))) => match session.accounts.get() {
            None | Some(Ok(None)) => view! { <Loading /> }.into_any(),
            Some(result) => {
                let home = match result.ok().flatten() {
                    Some(mine) => match mine.accounts.first() {
                        Some(first) => AppRoute::Account { account: first.id.clone(), tab: AccountTab::Home },
                        None if mine.vendor_staff => AppRoute::VendorHome,
                        None => AppRoute::Profile,
                    },
                    None => AppRoute::Profile,
                };
                view! { <Redirect path=home.href() /> }.into_any()
            }
        },
        Some(Ok(None)) => {
            view! { <Redirect path=AppRoute::SignIn { next: None }.href() /> }.into_any()
        }
        Some(Err(error)) => view! {
            <LoadFailed error=Some(error) on_retry=Callback::new(move |_| session.me.refetch()) />
        }
        .into_any(),
    }
}

/// The signed-in person's own pages (profile, preferences, approving a desktop app's sign-in):
/// one chunk.
pub mod me {
    use super::{
        preferences::PreferencesPage,
        profile::{DeviceSignInPage, ProfilePage},
    };

    crate::area_pages! { seatwise_me, [crate::texts::Ns::Personal];
        Profile(profile_view) => ProfilePage,
        Preferences(preferences_view) => PreferencesPage,
        DeviceSignIn(device_sign_in_view) => DeviceSignInPage,
    }
}
