//! `/accounts/:account/support/new`: the form that opens a case. Category, product and version
//! (of what the person is entitled to; both optional), severity with what each means, subject,
//! description and files. Refused fields are said next to them and nothing typed is lost; once
//! the case is open, its page shows with a toast.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use seatwise_api::{CaseCategory, CaseSeverity, CreateSupportCase, CASE_BODY_MAX_CHARS, CASE_SUBJECT_MAX_CHARS};

use super::files::ChosenFiles;
use super::{category_name, severity_help, severity_name, support_class, AttachmentPicker};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::select::SelectField;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

/// The form, from its own chunk (`seatwise_support_new`).
pub(super) fn part() -> crate::components::lazy::PageFuture {
    Box::pin(new_case_part())
}

#[leptos::wasm_split::wasm_split(seatwise_support_new, wasm_split_path = ::leptos::wasm_split, fallible)]
fn new_case_part() -> Result<AnyView, crate::components::lazy::ChunkLoadError> {
    Ok(view! { <NewCasePage /> }.into_any())
}

#[component]
fn NewCasePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, support.new_case.title).to_string());
    view! { <NewCase /> }
}

/// What the form holds; kept as typed while the server refuses it.
#[derive(Clone, Copy)]
struct Draft {
    category: RwSignal<Option<CaseCategory>>,
    product: RwSignal<Option<String>>,
    version: RwSignal<Option<String>>,
    severity: RwSignal<CaseSeverity>,
    subject: RwSignal<String>,
    description: RwSignal<String>,
    files: ChosenFiles,
}

#[component]
fn NewCase() -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let draft = Draft {
        category: RwSignal::new(None),
        product: RwSignal::new(None),
        version: RwSignal::new(None),
        severity: RwSignal::new(CaseSeverity::Normal),
        subject: RwSignal::new(String::new()),
        description: RwSignal::new(String::new()),
        files: ChosenFiles::new(),
    };
    let open: Action<CreateSupportCase, ApiResult<api::CaseRef>> = Action::new_local(move |body: &CreateSupportCase| {
        let call = api::open_case(account.id.get_untracked(), body.clone());
        let account_id = account.id.get_untracked();
        let navigate = navigate.clone();
        async move {
            let result = call.await;
            if let Ok(created) = &result {
                let number = created.number.clone();
                toasts.success(move || ts!(i18n, support.new_case.created, number = number.clone()));
                draft.files.clear();
                navigate(&AppRoute::AccountCase { account: account_id, case: created.id.clone() }.href(), Default::default());
            }
            result
        }
    });
    let waiting = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if draft.files.uploading() {
            waiting.set(true);
            return;
        }
        waiting.set(false);
        open.dispatch(CreateSupportCase {
            // The server says "required" when none was chosen.
            category: draft.category.get_untracked().unwrap_or(CaseCategory::Other),
            severity: draft.severity.get_untracked(),
            subject: draft.subject.get_untracked().trim().to_owned(),
            description: draft.description.get_untracked().trim().to_owned(),
            product_code: draft.product.get_untracked(),
            version: draft.version.get_untracked(),
            attachment_ids: draft.files.ids(),
        });
    };
    let category_missing = RwSignal::new(false);
    let check_category = move |ev: SubmitEvent| {
        if draft.category.get_untracked().is_none() {
            ev.prevent_default();
            category_missing.set(true);
            return;
        }
        category_missing.set(false);
        on_submit(ev);
    };
    let server_category = field_error(open, "category");
    let category_error = Signal::derive(move || {
        if category_missing.get() {
            Some(ts!(i18n, core.field_errors.required).to_string())
        } else {
            server_category.get()
        }
    });
    let form_error = Signal::derive(move || action_error(open).get().filter(|e| !e.has_fields()));
    let back = move || AppRoute::AccountSupport { account: account.id.get(), filters: Default::default() }.href();
    view! { class=class,
        <section class="card" aria-labelledby="new-case-title">
            <h2 id="new-case-title" class="card-title">{tv!(i18n, support.new_case.title)}</h2>
            <p class="muted">{tv!(i18n, support.new_case.intro)}</p>
            <form class="form case-form" novalidate on:submit=check_category>
                <FormAlert error=form_error />
                <SelectField
                    id="field-category"
                    label=Signal::derive(move || ts!(i18n, support.new_case.category).to_string())
                    options=Signal::derive(move || CaseCategory::ALL.into_iter().map(|c| (c, category_name(i18n, c).to_string())).collect::<Vec<_>>())
                    value=draft.category
                    on_change=Callback::new(move |c| draft.category.set(c))
                    empty=Signal::derive(move || ts!(i18n, support.new_case.category_choose).to_string())
                    required=true
                    error=category_error
                />
                <ProductFields draft=draft product_error=field_error(open, "product_code") version_error=field_error(open, "version") />
                <SeverityField severity=draft.severity error=field_error(open, "severity") />
                <TextField name="subject" label=Signal::derive(move || ts!(i18n, support.new_case.subject).to_string())
                    value=draft.subject error=field_error(open, "subject") required=true maxlength=CASE_SUBJECT_MAX_CHARS />
                <MessageField id="field-description" label=Signal::derive(move || ts!(i18n, support.new_case.description).to_string())
                    hint=Signal::derive(move || Some(ts!(i18n, support.new_case.description_hint).to_string()))
                    value=draft.description error=field_error(open, "description") />
                <AttachmentPicker files=draft.files id="new-case-files" error=field_error(open, "attachment_ids") />
                <Show when=move || waiting.get() && draft.files.uploading()>
                    <p class="field-error" role="alert">{tv!(i18n, support.case_files.wait)}</p>
                </Show>
                <div class="form-actions">
                    <SubmitButton busy=open.pending()
                        label=Signal::derive(move || ts!(i18n, support.new_case.submit).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, support.new_case.submitting).to_string()) />
                    <A href=back attr:class="btn btn-secondary">{tv!(i18n, core.common.cancel)}</A>
                </div>
            </form>
        </section>
    }
}

/// Product and version: the products the person may use (an admin: the account's), then the
/// chosen product's versions. Both optional.
#[component]
fn ProductFields(
    /// The form's values.
    draft: Draft,
    /// The server's refusal of the product, translated.
    product_error: Signal<Option<String>>,
    /// The server's refusal of the version, translated.
    version_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let products = LocalResource::new(move || api::product_choices(account.id.get()));
    let product_options = Signal::derive(move || {
        let admin = account.is_admin();
        match products.get() {
            Some(Ok(list)) => list
                .into_iter()
                .filter(|p| admin || p.entitled || p.trial.is_some())
                .map(|p| (p.code, p.name))
                .collect::<Vec<_>>(),
            _ => vec![],
        }
    });
    let versions = LocalResource::new(move || {
        let code = draft.product.get();
        let account_id = account.id.get();
        async move {
            match code {
                Some(code) => api::product_versions(account_id, code).await.unwrap_or_default(),
                None => vec![],
            }
        }
    });
    let version_options = Signal::derive(move || versions.get().unwrap_or_default().into_iter().map(|v| (v.clone(), v)).collect::<Vec<_>>());
    view! {
        <div class="form-row">
            <SelectField
                id="field-product"
                label=Signal::derive(move || format!("{} ({})", ts!(i18n, support.new_case.product), ts!(i18n, core.fields.optional)))
                options=product_options
                value=draft.product
                on_change=Callback::new(move |p| {
                    draft.product.set(p);
                    draft.version.set(None);
                })
                empty=Signal::derive(move || ts!(i18n, support.new_case.product_none).to_string())
                error=product_error
            />
            <SelectField
                id="field-version"
                label=Signal::derive(move || format!("{} ({})", ts!(i18n, support.new_case.version), ts!(i18n, core.fields.optional)))
                options=version_options
                value=draft.version
                on_change=Callback::new(move |v| draft.version.set(v))
                empty=Signal::derive(move || ts!(i18n, support.new_case.version_any).to_string())
                error=version_error
            />
        </div>
    }
}

/// The severity as radio buttons, each with what it means.
#[component]
fn SeverityField(
    /// The chosen severity.
    severity: RwSignal<CaseSeverity>,
    /// The server's refusal, translated.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let option = move |s: CaseSeverity| {
        let id = format!("severity-{}", s.as_str());
        let help_id = format!("{id}-help");
        view! { class=class,
            <div class="severity-option">
                <input type="radio" class="radio" name="severity" id=id.clone() value=s.as_str() aria-describedby=help_id.clone()
                    prop:checked=move || severity.get() == s on:change=move |_| severity.set(s) />
                <div>
                    <label for=id class="check-label">{move || severity_name(i18n, s)}</label>
                    <p class="field-hint" id=help_id>{move || severity_help(i18n, s)}</p>
                </div>
            </div>
        }
    };
    view! { class=class,
        <fieldset class="field severity-field">
            <legend class="field-label">{tv!(i18n, support.new_case.severity)}</legend>
            {CaseSeverity::ALL.into_iter().map(option).collect_view()}
            {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
        </fieldset>
    }
}

/// A labelled multi-line text (a description, a reply), with its server error below.
#[component]
pub(crate) fn MessageField(
    /// The textarea's id.
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Help under the label.
    #[prop(optional, into)]
    hint: Signal<Option<String>>,
    /// The text, bound both ways.
    value: RwSignal<String>,
    /// The server's refusal, translated.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let class = support_class();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = vec![];
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if hint.with(Option::is_some) {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! { class=class,
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=id>{move || label.get()}</label>
            {move || hint.get().map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <textarea id=id class="input textarea message-input" rows="8" required maxlength=CASE_BODY_MAX_CHARS
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                bind:value=value></textarea>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}
