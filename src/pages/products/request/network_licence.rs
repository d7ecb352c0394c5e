//! A request for a network licence file, for the licence server's host.

use leptos::prelude::*;
use seatwise_api::CreateLicenceRequest;

use super::{error_of, RequestFrame, RequestState, SubscriptionField};
use crate::components::form::TextField;
use crate::i18n::*;

/// The network licence form: the subscription, the host's name and its host id.
#[component]
pub(super) fn NetworkLicenceRequest(state: RequestState) -> impl IntoView {
    let i18n = use_i18n();
    let submit = state.submit;
    let host_name = RwSignal::new(String::new());
    let host_id = RwSignal::new(String::new());
    let request = Callback::new(move |()| CreateLicenceRequest {
        host_name: Some(host_name.get_untracked().trim().to_owned()),
        host_id: Some(host_id.get_untracked().trim().to_owned()),
        ..state.shared_fields()
    });
    view! {
        <RequestFrame state=state request=request>
            <SubscriptionField state=state />
            <TextField name="host_name" label=Signal::derive(move || ts!(i18n, software.requests.host_name).to_string()) value=host_name error=error_of(submit, &["host_name"]) required=true hint=Signal::derive(move || Some(ts!(i18n, software.requests.host_name_hint).to_string())) />
            <TextField name="host_id" label=Signal::derive(move || ts!(i18n, software.requests.host_id).to_string()) value=host_id error=error_of(submit, &["host_id"]) required=true hint=Signal::derive(move || Some(ts!(i18n, software.requests.host_id_hint).to_string())) />
        </RequestFrame>
    }
}
