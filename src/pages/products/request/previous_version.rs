//! A request for a previous version of the product (standalone licences).

use leptos::prelude::*;
use seatwise_api::CreateLicenceRequest;

use super::{RequestFrame, RequestState, SubscriptionField, VersionField};
use crate::i18n::*;

/// The previous version form: an intro, the subscription and one of the older versions.
#[component]
pub(super) fn PreviousVersionRequest(state: RequestState) -> impl IntoView {
    let i18n = use_i18n();
    // Every release but the newest, then the versions only the vendor keeps.
    let versions: Vec<String> = state.detail.with_value(|d| {
        let mut v: Vec<String> = d.releases.iter().skip(1).map(|r| r.version.clone()).collect();
        v.extend(d.other_versions.iter().cloned());
        v
    });
    let version = RwSignal::new(versions.first().cloned().unwrap_or_default());
    let request = Callback::new(move |()| CreateLicenceRequest {
        version: Some(version.get_untracked()),
        ..state.shared_fields()
    });
    view! {
        <RequestFrame state=state request=request>
            <p>{tv!(i18n, software.requests.previous_version_intro)}</p>
            <SubscriptionField state=state />
            <VersionField versions=versions version=version submit=state.submit />
        </RequestFrame>
    }
}
