//! `/accounts/:account/support/:case`: one case as the customer sees it. Its header, the thread
//! (public messages only: the server never sends internal notes here), the reply form with files
//! (not on a closed case, which says to open a new one), marking it solved or closing it after
//! a confirmation, and for admins the people who follow it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::{CaseStatus, CreateCaseMessage, SupportCase, SupportCaseDetail};

use super::files::ChosenFiles;
use super::new::MessageField;
use super::{category_name, fact, severity_badge, status_badge, status_name, support_class, AttachmentPicker, Thread};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute};
use crate::text::{self, use_page_title, I18n};

type Detail = ApiResult<SupportCaseDetail>;

#[component]
pub fn CasePage() -> impl IntoView {
    view! { <Case /> }
}

/// The actions of the page: each answers with the case as it is now, and the page reloads it.
#[derive(Clone, Copy)]
struct CaseActions {
    reply: Action<CreateCaseMessage, Detail>,
    status: Action<CaseStatus, Detail>,
}

#[component]
fn Case() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let params = use_params_map();
    let case_id = Memo::new(move |_| params.with(|p| p.get(paths::CASE_ID).unwrap_or_default()));
    let call = move || (account.id.get_untracked(), case_id.get_untracked());
    // The reply being written lives here, above the reloads, so nothing typed is lost; it is
    // emptied once the server took it.
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    let reply = Action::new_local(move |message: &CreateCaseMessage| {
        let (a, c) = call();
        let request = api::reply_to_case(a, c, message.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(_) => {
                    body.set(String::new());
                    files.clear();
                    toasts.success(move || ts!(i18n, support.case.sent).to_string());
                }
                Err(e) if !e.has_fields() => toasts.error(e.clone()),
                Err(_) => {}
            }
            result
        }
    });
    let status = Action::new_local(move |s: &CaseStatus| {
        let (a, c) = call();
        let s = *s;
        let request = api::set_case_status(a, c, s);
        async move {
            let result = request.await;
            match &result {
                Ok(d) => {
                    let number = d.case.number.clone();
                    toasts.success(move || ts!(i18n, support.case.status_changed, number = number.clone(), status = status_name(i18n, s)));
                }
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let watch = Action::new_local(move |user: &String| {
        let (a, c) = call();
        let request = api::add_case_watcher(a, c, user.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(_) => toasts.success(move || ts!(i18n, support.case.watcher_added).to_string()),
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let unwatch = Action::new_local(move |(user, name): &(String, String)| {
        let (a, c) = call();
        let request = api::remove_case_watcher(a, c, user.clone());
        let name = name.clone();
        async move {
            let result = request.await;
            match &result {
                Ok(_) => toasts.success(move || ts!(i18n, support.case.watcher_removed, name = name.clone())),
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let actions = CaseActions { reply, status };
    let detail = LocalResource::new(move || {
        reply.version().track();
        status.version().track();
        watch.version().track();
        unwatch.version().track();
        api::get_case(account.id.get(), case_id.get())
    });
    let retry = Callback::new(move |_| detail.refetch());
    let title = Memo::new(move |_| match detail.get() {
        Some(Ok(d)) => Some(d.case.number),
        _ => None,
    });
    use_page_title(move || match title.get() {
        Some(number) => ts!(i18n, support.case.title, number = number),
        None => ts!(i18n, support.support.title).to_string(),
    });
    let back = move || AppRoute::AccountSupport { account: account.id.get(), filters: Default::default() }.href();
    // Admins' list of who follows the case; it stays while the case reloads.
    let watching = Memo::new(move |_| match detail.get() {
        Some(Ok(d)) if d.can_manage_watchers => Some(d.watchers),
        _ => None,
    });
    provide_context(super::watchers::WatchersOf { list: watching, watch, unwatch });
    let watchers = move || watching.with(Option::is_some).then(|| view! { <super::watchers::Watchers /> });
    view! {
        <p class="back-link"><A href=back>{tv!(i18n, support.case.back)}</A></p>
        <Loaded on_retry=retry>
            {move || detail.get().map(|r| r.map(|d| view! { <CaseView detail=d actions=actions body=body files=files /> }))}
        </Loaded>
        {watchers}
    }
}

#[component]
fn CaseView(
    /// The case with its thread.
    detail: SupportCaseDetail,
    /// The page's actions.
    actions: CaseActions,
    /// The reply being written.
    body: RwSignal<String>,
    /// The reply's files.
    files: ChosenFiles,
) -> impl IntoView {
    let account = use_account();
    let SupportCaseDetail { case, messages, .. } = detail;
    let (account_id, case_id) = (account.id.get_untracked(), case.id.clone());
    let href = Callback::new(move |attachment: String| api::case_attachment_href(&account_id, &case_id, &attachment));
    let closed = case.status == CaseStatus::Closed;
    view! {
        <CaseHeader case=case.clone() status_action=actions.status />
        <Thread messages=messages href=href />
        {if closed {
            view! { <ClosedNote /> }.into_any()
        } else {
            view! { <ReplyForm action=actions.reply body=body files=files /> }.into_any()
        }}
    }
}

/// Number, subject, status and the facts of the case; marking it solved or closing it.
#[component]
fn CaseHeader(
    /// The case.
    case: SupportCase,
    /// Changes the status.
    status_action: Action<CaseStatus, Detail>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let tag = move || text::tag(i18n);
    let created = case.created_at.clone();
    let product = [case.product_name.clone(), case.version.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let solved_note = case.closes_at.clone().filter(|_| case.status == CaseStatus::Solved).map(|at| {
        view! { class=class, <p class="muted">{move || ts!(i18n, support.case.solved_note, date = intl::format_date(tag(), &at))}</p> }
    });
    let heading = ts!(i18n, support.case.title, number = case.number.clone());
    view! { class=class,
        <section class="card case-header" aria-labelledby="case-title">
            <div class="section-head">
                <h2 id="case-title">{heading} " · " {case.subject.clone()}</h2>
                {status_badge(i18n, case.status)}
            </div>
            {solved_note}
            <dl class="facts case-facts">
                {fact(tv!(i18n, support.case.category), view! { {move || category_name(i18n, case.category)} }.into_any())}
                {fact(tv!(i18n, support.case.severity), severity_badge(i18n, case.severity).into_any())}
                {(!product.is_empty()).then(|| fact(tv!(i18n, support.case.product), view! { {product.clone()} }.into_any()))}
                {fact(tv!(i18n, support.case.opened_by), view! { {case.opened_by_name.clone()} }.into_any())}
                {fact(tv!(i18n, support.case.opened_on), view! { {move || intl::format_date_time(tag(), &created)} }.into_any())}
                {case.assignee_name.clone().map(|name| fact(tv!(i18n, support.case.assignee), view! { {name} }.into_any()))}
            </dl>
            <StatusButtons status=case.status action=status_action />
        </section>
    }
}

/// "Mark as solved" and "Close case", each after a confirmation.
#[component]
fn StatusButtons(
    /// The case's status now.
    status: CaseStatus,
    /// Changes the status.
    action: Action<CaseStatus, Detail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(None::<CaseStatus>);
    let can_solve = status.is_open();
    let can_close = status != CaseStatus::Closed;
    let ask = move |s: CaseStatus| move |_| asking.set(Some(s));
    let confirm = move || {
        asking.get().map(|s| {
            let (title, text, label): (I18nText, I18nText, I18nText) = match s {
                CaseStatus::Solved => (
                    |i| ts!(i, support.case.solve_confirm_title),
                    |i| ts!(i, support.case.solve_confirm_text),
                    |i| ts!(i, support.case.mark_solved),
                ),
                _ => (
                    |i| ts!(i, support.case.close_confirm_title),
                    |i| ts!(i, support.case.close_confirm_text),
                    |i| ts!(i, support.case.close),
                ),
            };
            view! {
                <ConfirmPanel
                    id="case-status-confirm"
                    title=Signal::derive(move || title(i18n).to_string())
                    text=Signal::derive(move || text(i18n).to_string())
                    confirm_label=Signal::derive(move || label(i18n).to_string())
                    busy=action.pending()
                    on_confirm=Callback::new(move |_| {
                        action.dispatch(s);
                        asking.set(None);
                    })
                    on_cancel=Callback::new(move |_| asking.set(None))
                />
            }
        })
    };
    view! {
        <div class="form-actions">
            {can_solve.then(|| view! {
                <button type="button" class="btn btn-secondary" on:click=ask(CaseStatus::Solved)>{tv!(i18n, support.case.mark_solved)}</button>
            })}
            {can_close.then(|| view! {
                <button type="button" class="btn btn-secondary" on:click=ask(CaseStatus::Closed)>{tv!(i18n, support.case.close)}</button>
            })}
        </div>
        {confirm}
    }
}

/// A text of the page, by the interface language.
type I18nText = fn(I18n) -> &'static str;

/// A closed case takes no replies: it says to open a new one.
#[component]
fn ClosedNote() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let new_case = move || AppRoute::AccountNewCase { account: account.id.get() }.href();
    view! {
        <section class="card" aria-labelledby="closed-title">
            <h2 id="closed-title" class="card-title">{tv!(i18n, support.case.closed_title)}</h2>
            <p>{tv!(i18n, support.case.closed_note)}</p>
            <A href=new_case attr:class="btn btn-primary">{tv!(i18n, support.support.open_case)}</A>
        </section>
    }
}

/// The reply: a message and files. Solved cases open again with a reply.
#[component]
fn ReplyForm(
    /// Sends the reply.
    action: Action<CreateCaseMessage, Detail>,
    /// The text being written.
    body: RwSignal<String>,
    /// Its files.
    files: ChosenFiles,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let waiting = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if files.uploading() {
            waiting.set(true);
            return;
        }
        waiting.set(false);
        action.dispatch(CreateCaseMessage { body: body.get_untracked().trim().to_owned(), attachment_ids: files.ids(), internal: false, status: None });
    };
    let form_error = Signal::derive(move || action_error(action).get().filter(|e| e.has_fields() && e.field("body").is_none() && e.field("attachment_ids").is_none()));
    view! { class=class,
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title" class="card-title">{tv!(i18n, support.case.reply)}</h2>
            <form class="form case-form" novalidate on:submit=on_submit>
                <FormAlert error=form_error />
                <MessageField id="field-reply" label=Signal::derive(move || ts!(i18n, support.case.reply_label).to_string())
                    value=body error=field_error(action, "body") />
                <AttachmentPicker files=files id="reply-files" error=field_error(action, "attachment_ids") />
                <Show when=move || waiting.get() && files.uploading()>
                    <p class="field-error" role="alert">{tv!(i18n, support.case_files.wait)}</p>
                </Show>
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, support.case.send).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, support.case.sending).to_string()) />
            </form>
        </section>
    }
}
