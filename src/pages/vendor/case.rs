//! `/vendor/support/:case`: one case as the vendor's staff see it: the thread with internal
//! notes marked, an answer or internal note with files and the status it leaves the case in,
//! who works on it ("Assign to me") and its status.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::{CaseStatus, CreateCaseMessage, StaffMember, SupportCase, SupportCaseDetail};

use super::StaffOnly;
use crate::api::{self, ApiResult};
use crate::components::form::{field_error, CheckboxField, SubmitButton};
use crate::components::load::Loaded;
use crate::components::select::SelectField;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::pages::support::{
    category_name, fact, severity_badge, status_badge, status_name, support_class, AttachmentPicker, ChosenFiles, MessageField, Thread,
};
use crate::routes::{paths, AppRoute};
use crate::session::use_session;
use crate::text::{self, use_page_title};

type Detail = ApiResult<SupportCaseDetail>;

/// `/vendor/support/:case`
#[component]
pub fn StaffCasePage() -> impl IntoView {
    view! { <StaffOnly><StaffCase /></StaffOnly> }
}

/// The page's actions; each answers with the case as it is now, and the page reloads it.
#[derive(Clone, Copy)]
struct StaffActions {
    answer: Action<CreateCaseMessage, Detail>,
    status: Action<CaseStatus, Detail>,
    assign: Action<Option<String>, Detail>,
}

#[component]
fn StaffCase() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let params = use_params_map();
    let case_id = Memo::new(move |_| params.with(|p| p.get(paths::CASE_ID).unwrap_or_default()));
    // The message being written lives above the reloads; emptied once the server took it.
    let body = RwSignal::new(String::new());
    let internal = RwSignal::new(false);
    let next_status = RwSignal::new(None::<CaseStatus>);
    let files = ChosenFiles::new();
    let answer = Action::new_local(move |message: &CreateCaseMessage| {
        let request = api::answer_case(case_id.get_untracked(), message.clone());
        let note = message.internal;
        async move {
            let result = request.await;
            match &result {
                Ok(_) => {
                    body.set(String::new());
                    internal.set(false);
                    next_status.set(None);
                    files.clear();
                    toasts.success(move || if note { ts!(i18n, support.case_staff.noted) } else { ts!(i18n, support.case_staff.answered) }.to_string());
                }
                Err(e) if !e.has_fields() => toasts.error(e.clone()),
                Err(_) => {}
            }
            result
        }
    });
    let status = Action::new_local(move |s: &CaseStatus| {
        let s = *s;
        let request = api::set_vendor_case_status(case_id.get_untracked(), s);
        async move {
            let result = request.await;
            match &result {
                Ok(d) => {
                    let number = d.case.number.clone();
                    toasts.success(move || ts!(i18n, support.case_staff.status_changed, number = number.clone(), status = status_name(i18n, s)));
                }
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let assign = Action::new_local(move |who: &Option<String>| {
        let request = api::assign_case(case_id.get_untracked(), who.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(d) => {
                    let number = d.case.number.clone();
                    toasts.success(move || ts!(i18n, support.case_staff.assigned, number = number.clone()));
                }
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let actions = StaffActions { answer, status, assign };
    let detail = LocalResource::new(move || {
        answer.version().track();
        status.version().track();
        assign.version().track();
        api::get_vendor_case(case_id.get())
    });
    let staff = LocalResource::new(api::list_staff);
    let staff = Signal::derive(move || match staff.get() {
        Some(Ok(list)) => list.staff,
        _ => vec![],
    });
    let retry = Callback::new(move |_| detail.refetch());
    let number = Memo::new(move |_| match detail.get() {
        Some(Ok(d)) => Some(d.case.number),
        _ => None,
    });
    use_page_title(move || match number.get() {
        Some(number) => ts!(i18n, support.case.title, number = number),
        None => ts!(i18n, support.case_queue.heading).to_string(),
    });
    let draft = Draft { body, internal, next_status, files };
    view! {
        <p class="back-link"><A href=AppRoute::VendorCases(Default::default()).href()>{tv!(i18n, support.case_staff.back)}</A></p>
        <Loaded on_retry=retry>
            {move || detail.get().map(|r| r.map(|d| view! { <StaffCaseView detail=d actions=actions draft=draft staff=staff /> }))}
        </Loaded>
    }
}

/// What the staff member is writing.
#[derive(Clone, Copy)]
struct Draft {
    body: RwSignal<String>,
    internal: RwSignal<bool>,
    next_status: RwSignal<Option<CaseStatus>>,
    files: ChosenFiles,
}

#[component]
fn StaffCaseView(
    /// The case with its thread (internal notes included).
    detail: SupportCaseDetail,
    /// The page's actions.
    actions: StaffActions,
    /// The message being written.
    draft: Draft,
    /// The vendor's staff.
    staff: Signal<Vec<StaffMember>>,
) -> impl IntoView {
    let SupportCaseDetail { case, messages, .. } = detail;
    let case_id = case.id.clone();
    let href = Callback::new(move |attachment: String| api::vendor_case_attachment_href(&case_id, &attachment));
    let closed = case.status == CaseStatus::Closed;
    view! {
        <StaffHeader case=case.clone() />
        <Controls case=case actions=actions staff=staff />
        <Thread messages=messages href=href />
        {(!closed).then(|| view! { <AnswerForm action=actions.answer draft=draft /> })}
    }
}

/// The case's facts, the account and who opened it.
#[component]
fn StaffHeader(case: SupportCase) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let created = case.created_at.clone();
    let product = [case.product_name.clone(), case.version.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let heading = ts!(i18n, support.case.title, number = case.number.clone());
    view! { class=class,
        <section class="card case-header" aria-labelledby="case-title">
            <div class="section-head">
                <h2 id="case-title">{heading} " · " {case.subject.clone()}</h2>
                {status_badge(i18n, case.status)}
            </div>
            <dl class="facts case-facts">
                {fact(tv!(i18n, support.case_staff.account), view! { {case.account_name.clone()} }.into_any())}
                {fact(tv!(i18n, support.case_staff.requester), view! { {case.opened_by_name.clone()} <br /> <span class="muted">{case.opened_by_email.clone()}</span> }.into_any())}
                {fact(tv!(i18n, support.case.category), view! { {move || category_name(i18n, case.category)} }.into_any())}
                {fact(tv!(i18n, support.case.severity), severity_badge(i18n, case.severity).into_any())}
                {(!product.is_empty()).then(|| fact(tv!(i18n, support.case.product), view! { {product.clone()} }.into_any()))}
                {fact(tv!(i18n, support.case.opened_on), view! { {move || intl::format_date_time(text::tag(i18n), &created)} }.into_any())}
            </dl>
        </section>
    }
}

/// Who works on the case, and its status.
#[component]
fn Controls(
    /// The case.
    case: SupportCase,
    /// The page's actions.
    actions: StaffActions,
    /// The vendor's staff.
    staff: Signal<Vec<StaffMember>>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let session = use_session();
    let assignee = RwSignal::new(case.assignee_id.clone());
    let status = RwSignal::new(Some(case.status));
    // The signed-in staff member's id, found by their address in the staff list.
    let me = move || {
        let email = session.user().map(|u| u.email)?;
        staff.with(|list| list.iter().find(|m| m.email.eq_ignore_ascii_case(&email)).map(|m| m.id.clone()))
    };
    let mine = {
        let current = case.assignee_id.clone();
        move || me().is_some_and(|id| Some(id) == current)
    };
    let on_assign = move |ev: SubmitEvent| {
        ev.prevent_default();
        actions.assign.dispatch(assignee.get_untracked());
    };
    let on_status = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(s) = status.get_untracked() {
            actions.status.dispatch(s);
        }
    };
    let staff_options = Signal::derive(move || staff.get().into_iter().map(|m| (m.id, m.name)).collect::<Vec<_>>());
    // Staff may move a case anywhere but out of closed.
    let closed = case.status == CaseStatus::Closed;
    let status_options = Signal::derive(move || CaseStatus::ALL.into_iter().map(|s| (s, status_name(i18n, s).to_string())).collect::<Vec<_>>());
    view! { class=class,
        <section class="card" aria-labelledby="controls-title">
            <h2 id="controls-title" class="card-title">{tv!(i18n, support.case_staff.assign_title)}</h2>
            <div class="staff-controls">
                <form class="step-form staff-controls" on:submit=on_assign>
                    <SelectField id="case-assignee" label=Signal::derive(move || ts!(i18n, support.case_staff.assignee).to_string())
                        options=staff_options value=assignee on_change=Callback::new(move |v| assignee.set(v))
                        empty=Signal::derive(move || ts!(i18n, support.case_queue.unassigned).to_string()) />
                    <button type="submit" class="btn btn-secondary" disabled=move || actions.assign.pending().get()>{tv!(i18n, support.case_staff.assign_save)}</button>
                    <Show when=move || !mine()>
                        <button type="button" class="btn btn-secondary" disabled=move || actions.assign.pending().get()
                            on:click=move |_| { actions.assign.dispatch(me()); }>
                            {tv!(i18n, support.case_staff.assign_me)}
                        </button>
                    </Show>
                </form>
                {(!closed).then(|| view! { class=class,
                    <form class="step-form staff-controls" on:submit=on_status>
                        <SelectField id="case-status" label=Signal::derive(move || ts!(i18n, support.case_staff.status).to_string())
                            options=status_options value=status on_change=Callback::new(move |v| status.set(v)) />
                        <button type="submit" class="btn btn-secondary" disabled=move || actions.status.pending().get()>{tv!(i18n, support.case_staff.status_save)}</button>
                    </form>
                })}
            </div>
        </section>
    }
}

/// An answer to the customer, or an internal note; with files and the status it leaves.
#[component]
fn AnswerForm(
    /// Sends the message.
    action: Action<CreateCaseMessage, Detail>,
    /// What is being written.
    draft: Draft,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let waiting = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if draft.files.uploading() {
            waiting.set(true);
            return;
        }
        waiting.set(false);
        action.dispatch(CreateCaseMessage {
            body: draft.body.get_untracked().trim().to_owned(),
            attachment_ids: draft.files.ids(),
            internal: draft.internal.get_untracked(),
            status: draft.next_status.get_untracked(),
        });
    };
    let status_options = Signal::derive(move || {
        CaseStatus::ALL.into_iter().filter(|s| *s != CaseStatus::Closed).map(|s| (s, status_name(i18n, s).to_string())).collect::<Vec<_>>()
    });
    view! { class=class,
        <section class="card" aria-labelledby="answer-title">
            <h2 id="answer-title" class="card-title">{tv!(i18n, support.case_staff.reply)}</h2>
            <form class="form case-form" novalidate on:submit=on_submit>
                <MessageField id="field-answer" label=Signal::derive(move || ts!(i18n, support.case_staff.message).to_string())
                    value=draft.body error=field_error(action, "body") />
                <CheckboxField name="internal" label=Signal::derive(move || ts!(i18n, support.case_staff.internal_label).to_string())
                    checked=draft.internal error=field_error(action, "internal") />
                <SelectField id="answer-status" label=Signal::derive(move || ts!(i18n, support.case_staff.status_after).to_string())
                    options=status_options value=draft.next_status on_change=Callback::new(move |v| draft.next_status.set(v))
                    empty=Signal::derive(move || ts!(i18n, support.case_staff.status_default).to_string())
                    error=field_error(action, "status") />
                <AttachmentPicker files=draft.files id="answer-files" error=field_error(action, "attachment_ids") />
                <Show when=move || waiting.get() && draft.files.uploading()>
                    <p class="field-error" role="alert">{tv!(i18n, support.case_files.wait)}</p>
                </Show>
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, support.case_staff.send).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, support.case_staff.sending).to_string()) />
            </form>
        </section>
    }
}
