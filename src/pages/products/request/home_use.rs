//! A request for home use (network licences).

use leptos::prelude::*;

use super::{RequestFrame, RequestState, SubscriptionField};
use crate::i18n::*;

/// The home use form: an intro and the subscription.
#[component]
pub(super) fn HomeUseRequest(state: RequestState) -> impl IntoView {
    let i18n = use_i18n();
    let request = Callback::new(move |()| state.shared_fields());
    view! {
        <RequestFrame state=state request=request>
            <p>{tv!(i18n, software.requests.home_use_intro)}</p>
            <SubscriptionField state=state />
        </RequestFrame>
    }
}
