//! Who may see a page: signed-in users only, or visitors only.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_query_map};
use seatwise_api::Me;

use crate::api::ApiError;
use crate::session::use_session;
use crate::components::load::{LoadFailed, Loading};
use crate::routes::AppRoute;

/// Where the session check stands. A memo of this changes only when the phase changes, so a
/// page is not rebuilt (and does not lose focus or input) when the user's data reloads.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Checking,
    SignedIn,
    SignedOut,
    Failed(ApiError),
}

fn use_phase() -> Memo<Phase> {
    let session = use_session();
    Memo::new(move |_| match session.me.get() {
        None => Phase::Checking,
        Some(Ok(Some(_))) => Phase::SignedIn,
        Some(Ok(None)) => Phase::SignedOut,
        Some(Err(error)) => Phase::Failed(error),
    })
}

/// The signed-in user, for pages inside [`RequireUser`]. Keeps the last known user while the
/// session reloads, so pages never see a gap.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Memo<Option<Me>>);

pub fn use_user() -> Memo<Option<Me>> {
    expect_context::<CurrentUser>().0
}

/// Shows its children to signed-in users; everyone else goes to sign-in and comes back here.
#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let phase = use_phase();
    let user = Memo::new(move |previous: Option<&Option<Me>>| {
        session.user().or_else(|| previous.cloned().flatten())
    });
    provide_context(CurrentUser(user));
    // An account requires 2-step verification and this person has none: the security page is
    // the only one open until it is set up. A memo, so that the page is not rebuilt when the
    // setup done there changes the user.
    let set_up_first = Memo::new(move |_| {
        user.with(|me| me.as_ref().is_some_and(|me| me.two_step_setup_required))
            && location.pathname.get_untracked() != AppRoute::Security.href()
    });
    move || match phase.get() {
        Phase::Checking => view! { <Loading /> }.into_any(),
        Phase::SignedIn if set_up_first.get() => view! { <Redirect path=AppRoute::Security.href() /> }.into_any(),
        Phase::SignedIn => children().into_any(),
        Phase::SignedOut => {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.with_untracked(|s| if s.is_empty() {
                    String::new()
                } else {
                    format!("?{s}")
                })
            );
            view! { <Redirect path=AppRoute::SignIn { next: Some(here) }.href() /> }.into_any()
        }
        Phase::Failed(error) => view! {
            <LoadFailed error=Some(error) on_retry=Callback::new(move |_| session.me.refetch()) />
        }
        .into_any(),
    }
}

/// Shows its children to visitors; a signed-in user goes on to `?next=` or the profile.
#[component]
pub fn GuestOnly(children: ChildrenFn) -> impl IntoView {
    let phase = use_phase();
    let query = use_query_map();
    move || match phase.get() {
        Phase::Checking => view! { <Loading /> }.into_any(),
        Phase::SignedIn => {
            let next = query.with_untracked(|q| q.get("next"));
            view! { <Redirect path=AppRoute::after_sign_in(next) /> }.into_any()
        }
        // If the session cannot be checked, signing in is still the right thing to offer.
        Phase::SignedOut | Phase::Failed(_) => children().into_any(),
    }
}
