//! `/device`: a desktop app (or `seatwise login`) signs in with the device grant and shows a
//! code; the signed-in person types it here (or follows the app's link, `?code=`), checks which
//! app and computer ask, and approves or refuses.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use seatwise_api::{DeviceRequest, ErrorCode, FieldErrorCode};

use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{action_error, FormAlert, SubmitButton, TextField};
use crate::components::guard::RequireUser;
use crate::i18n::*;
use crate::intl;
use crate::pages::auth::AuthCard;
use crate::routes::AppRoute;
use crate::text::{self, use_page_title};

#[component]
pub fn DeviceSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.device.title).to_string());
    view! {
        <RequireUser>
            <DeviceSignIn />
        </RequireUser>
    }
}

/// Where the sign-in stands.
#[derive(Clone, PartialEq)]
enum Step {
    /// The code field: at first, and again when a code does not work (any more).
    Code,
    /// The sign-in the code belongs to, waiting for the person's answer.
    Confirm(DeviceRequest),
    /// Answered: the app signs in (approved) or is told no.
    Answered { request: DeviceRequest, approved: bool },
}

impl Step {
    /// What takes the focus when the step begins: the code field, the question, the outcome.
    fn focus_id(&self) -> &'static str {
        match self {
            Step::Code => "field-code",
            Step::Confirm(_) => "device-request-title",
            Step::Answered { .. } => "device-answer",
        }
    }
}

fn is_not_found(value: &Option<ApiResult<()>>) -> bool {
    matches!(value, Some(Err(ApiError::Server { code: ErrorCode::NotFound, .. })))
}

#[component]
fn DeviceSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let from_link = use_query_map().with_untracked(|q| AppRoute::device_code(q));
    let code = RwSignal::new(from_link.clone().unwrap_or_default());
    let step = RwSignal::new(Step::Code);
    let lookup = Action::new_local(move |typed: &String| {
        let typed = typed.clone();
        async move {
            if typed.is_empty() {
                let fields = [("code".to_string(), FieldErrorCode::Required)].into();
                return Err(ApiError::Server { status: 422, code: ErrorCode::ValidationFailed, fields, retry_after: None });
            }
            let request = api::device_request(typed).await?;
            step.set(Step::Confirm(request));
            Ok(())
        }
    });
    let answer = Action::new_local(move |(request, approve): &(DeviceRequest, bool)| {
        let (request, approved) = (request.clone(), *approve);
        async move {
            let result = api::answer_device_request(request.user_code.clone(), approved).await;
            match &result {
                Ok(()) => step.set(Step::Answered { request, approved }),
                // Answered elsewhere, or expired while the page was open: the code is no good.
                Err(ApiError::Server { code: ErrorCode::NotFound, .. }) => step.set(Step::Code),
                Err(_) => {}
            }
            result
        }
    });
    // A code that does not work is said at the field (the last lookup's, or the answer's when
    // the sign-in went away in between); so is an empty one. Anything else is the form's alert.
    let code_error = Signal::derive(move || {
        if lookup.value().with(is_not_found) || answer.value().with(is_not_found) {
            return Some(ts!(i18n, personal.device.invalid).to_string());
        }
        lookup.value().with(|v| match v {
            Some(Err(e)) => e.field("code").map(|c| text::field_message(i18n, "code", c)),
            _ => None,
        })
    });
    let lookup_error = Signal::derive(move || {
        action_error(lookup).get().filter(|e| !e.has_fields() && !matches!(e, ApiError::Server { code: ErrorCode::NotFound, .. }))
    });
    let on_continue = Callback::new(move |()| {
        answer.clear();
        lookup.dispatch(code.get_untracked().trim().to_owned());
    });
    let on_again = Callback::new(move |()| {
        code.set(String::new());
        lookup.clear();
        answer.clear();
        step.set(Step::Code);
    });

    // The app's link carries the code: looked up at once (approving still takes a click). Sent
    // once, after mounting, outside any reactive scope (see the verify-email page).
    let dispatched = StoredValue::new(false);
    Effect::new(move |_| {
        if let (Some(typed), false) = (from_link.clone(), dispatched.get_value()) {
            dispatched.set_value(true);
            queue_microtask(move || {
                lookup.dispatch(typed);
            });
        }
    });
    // Reaching outside: each new step takes the focus (the question, the outcome, or the code
    // field again), so that keyboard and screen reader users go on from there.
    Effect::new(move |first: Option<()>| {
        let id = step.with(Step::focus_id);
        if first.is_some() {
            request_animation_frame(move || focus(id));
        }
    });

    let body = move || match step.get() {
        Step::Code => view! {
            <CodeForm code=code error=code_error alert=lookup_error busy=lookup.pending() on_submit=on_continue />
        }
        .into_any(),
        Step::Confirm(request) => view! { <RequestCard request=request answer=answer /> }.into_any(),
        Step::Answered { request, approved } => view! { <Answered request=request approved=approved on_again=on_again /> }.into_any(),
    };
    view! {
        <AuthCard
            title=Signal::derive(move || ts!(i18n, personal.device.title).to_string())
            intro=Signal::derive(move || Some(ts!(i18n, personal.device.intro).to_string()))
        >
            {body}
        </AuthCard>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The code the app shows.
#[component]
fn CodeForm(
    /// The code, bound both ways.
    code: RwSignal<String>,
    /// Why the code did not work, translated.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Any other refusal (too many lookups, the network).
    #[prop(into)]
    alert: Signal<Option<ApiError>>,
    /// True while the code is looked up.
    #[prop(into)]
    busy: Signal<bool>,
    /// Looks the code up.
    on_submit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    view! {
        <form class="form" novalidate on:submit=submit>
            <FormAlert error=alert />
            <TextField
                name="code"
                label=Signal::derive(move || ts!(i18n, personal.device.code).to_string())
                hint=Signal::derive(move || Some(ts!(i18n, personal.device.code_hint).to_string()))
                value=code
                error=error
                required=true
                maxlength=32usize
                alert=true
            />
            <div class="form-actions">
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, personal.device.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, personal.device.checking).to_string())
                    extra_class="btn-block"
                />
            </div>
        </form>
    }
}

/// Which app on which computer asks, until when, and the answer.
#[component]
fn RequestCard(
    /// The sign-in waiting for an answer.
    request: DeviceRequest,
    /// Sends the answer (the request and true to approve).
    answer: Action<(DeviceRequest, bool), ApiResult<()>>,
) -> impl IntoView {
    let class = super::page::profile_class();
    let i18n = use_i18n();
    let tag = move || text::tag(i18n);
    let or_not_given = move |value: String| move || {
        if value.is_empty() {
            ts!(i18n, personal.device.not_given).to_string()
        } else {
            value.clone()
        }
    };
    let (created, expires) = (request.created_at.clone(), request.expires_at.clone());
    let busy = answer.pending();
    let pressed = move |approve: bool| busy.get() && answer.input().with(|i| i.as_ref().is_some_and(|(_, a)| *a == approve));
    let error = Signal::derive(move || {
        action_error(answer).get().filter(|e| !matches!(e, ApiError::Server { code: ErrorCode::NotFound, .. }))
    });
    let asked = request.clone();
    let button = move |approve: bool| {
        let request = asked.clone();
        view! {
            <button
                type="button"
                class=if approve { "btn btn-primary" } else { "btn btn-secondary" }
                disabled=move || busy.get()
                aria-busy=move || if pressed(approve) { "true" } else { "false" }
                on:click=move |_| { answer.dispatch((request.clone(), approve)); }
            >
                {move || pressed(approve).then(|| view! { <span class="spinner spinner-sm" aria-hidden="true"></span> })}
                {move || match (approve, pressed(approve)) {
                    (true, false) => ts!(i18n, personal.device.approve),
                    (true, true) => ts!(i18n, personal.device.approving),
                    (false, false) => ts!(i18n, personal.device.deny),
                    (false, true) => ts!(i18n, personal.device.denying),
                }}
            </button>
        }
    };
    view! { class=class,
        <section aria-labelledby="device-request-title">
            <h2 id="device-request-title" class="device-question" tabindex="-1">{tv!(i18n, personal.device.question)}</h2>
            <dl class="device-facts">
                <div>
                    <dt>{tv!(i18n, personal.device.app)}</dt>
                    <dd>{request.client_name.clone()}</dd>
                </div>
                <div>
                    <dt>{tv!(i18n, personal.device.computer)}</dt>
                    <dd>{or_not_given(request.host_name.clone())}</dd>
                </div>
                <div>
                    <dt>{tv!(i18n, personal.device.os)}</dt>
                    <dd>{or_not_given(request.os.clone())}</dd>
                </div>
                <div>
                    <dt>{tv!(i18n, personal.device.user_code)}</dt>
                    <dd class="secret">{request.user_code.clone()}</dd>
                </div>
                <div>
                    <dt>{tv!(i18n, personal.device.requested)}</dt>
                    <dd><time datetime=request.created_at.clone()>{move || intl::format_date_time(tag(), &created)}</time></dd>
                </div>
                <div>
                    <dt>{tv!(i18n, personal.device.expires)}</dt>
                    <dd><time datetime=request.expires_at.clone()>{move || intl::format_date_time(tag(), &expires)}</time></dd>
                </div>
            </dl>
            <div class="alert alert-info">
                <p><strong>{tv!(i18n, personal.device.warning)}</strong></p>
            </div>
            <FormAlert error=error />
            <div class="form-actions">
                {button(true)}
                {button(false)}
            </div>
        </section>
    }
}

/// The outcome, and a way to answer another app.
#[component]
fn Answered(
    /// The sign-in that was answered.
    request: DeviceRequest,
    /// True when it was approved.
    approved: bool,
    /// Starts over with another code.
    on_again: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let DeviceRequest { client_name: app, host_name: computer, .. } = request;
    let message = move || match (approved, computer.is_empty()) {
        (true, false) => ts!(i18n, personal.device.approved, app = app.clone(), computer = computer.clone()).to_string(),
        (true, true) => ts!(i18n, personal.device.approved_here, app = app.clone()).to_string(),
        (false, _) => ts!(i18n, personal.device.denied).to_string(),
    };
    view! {
        <div class="alert" class:alert-success=approved class:alert-info={!approved} role="status">
            <p id="device-answer" tabindex="-1">{message}</p>
        </div>
        <button type="button" class="btn btn-secondary btn-block" on:click=move |_| on_again.run(())>
            {tv!(i18n, personal.device.another)}
        </button>
    }
}
